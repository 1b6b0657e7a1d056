package io.promisemonitor.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinksTest {

    @TempDir
    Path instance;

    private Path log;
    private Path backup;
    private Path publicFolder;
    private Path privateFolder;

    @BeforeEach
    void setUp() throws IOException {
        log = Files.createDirectories(instance.resolve("var/log"));
        backup = Files.createDirectories(instance.resolve("srv/backup/log_rotate"));
        Files.writeString(log.resolve("kvm.log"), "started\n");
        publicFolder = instance.resolve("srv/monitor/public");
        privateFolder = instance.resolve("srv/monitor/private");
    }

    private MonitorConfig globalLinks() {
        return TestConfigs.monitor(instance).publicPaths(log).privatePaths(backup).build();
    }

    private static Path target(Path link) throws IOException {
        return Files.readSymbolicLink(link);
    }

    @Test
    void theGlobalListsAreLinkedByBaseNameInThePublicAndPrivateFolders() throws IOException {
        MonitorConfig config = globalLinks();

        LinkReport report = Links.of(config).sync(List.of());

        assertThat(report.isClean()).isTrue();
        assertThat(target(publicFolder.resolve("log"))).isEqualTo(log);
        assertThat(target(privateFolder.resolve("log_rotate"))).isEqualTo(backup);
        assertThat(Links.readManifest(config))
                .containsExactlyInAnyOrder(publicFolder.resolve("log"), privateFolder.resolve("log_rotate"));
    }

    @Test
    void aServicesListsAreLinkedInItsOwnFolders() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        ServiceConfig kvm = TestConfigs.service(config, "kvm-log-parse").publicPaths(log.resolve("kvm.log"))
                .privatePaths(log).build();

        LinkReport report = Links.of(config).sync(List.of(kvm));

        assertThat(report.forService("kvm-log-parse")).isEmpty();
        assertThat(target(publicFolder.resolve("kvm-log-parse/kvm.log"))).isEqualTo(log.resolve("kvm.log"));
        assertThat(target(privateFolder.resolve("kvm-log-parse/log"))).isEqualTo(log);
        assertThat(Files.readString(publicFolder.resolve("kvm-log-parse/kvm.log"))).isEqualTo("started\n");
    }

    @Test
    void aRelativeListEntryIsTakenFromTheInstanceRoot() throws IOException {
        MonitorConfig config = TestConfigs.monitor(instance).publicPaths(Path.of("var/log/../log")).build();

        Links.of(config).sync(List.of());

        assertThat(target(publicFolder.resolve("log"))).isEqualTo(log);
    }

    @Test
    void aSecondSyncWithTheSameInputTouchesNothing() throws IOException {
        MonitorConfig config = globalLinks();
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(log.resolve("kvm.log")).build();
        Links.of(config).sync(List.of(kvm));
        Path link = publicFolder.resolve("kvm/kvm.log");
        Object inode = Files.readAttributes(link, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
        Path manifest = Links.manifestFile(config);
        Files.setLastModifiedTime(manifest, FileTime.fromMillis(0));

        LinkReport again = Links.of(config).sync(List.of(kvm));

        assertThat(again.isClean()).isTrue();
        assertThat(Files.readAttributes(link, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino")).isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(FileTime.fromMillis(0));
    }

    @Test
    void aLinkPointingElsewhereIsReplaced() throws IOException {
        MonitorConfig config = globalLinks();
        Files.createDirectories(publicFolder);
        Files.createSymbolicLink(publicFolder.resolve("log"), instance.resolve("somewhere/else"));

        LinkReport report = Links.of(config).sync(List.of());

        assertThat(report.isClean()).isTrue();
        assertThat(target(publicFolder.resolve("log"))).isEqualTo(log);
        try (var files = Files.list(publicFolder)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("log");
        }
    }

    @Test
    void aMissingTargetIsReportedForItsServiceAndNotLinked() {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        Path missing = instance.resolve("var/log/nothing.log");
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(missing, log.resolve("kvm.log")).build();

        LinkReport report = Links.of(config).sync(List.of(kvm));

        assertThat(report.forService("kvm")).containsExactly("public-path-list: " + missing + " does not exist");
        assertThat(publicFolder.resolve("kvm/nothing.log")).doesNotExist();
        assertThat(Files.isSymbolicLink(publicFolder.resolve("kvm/nothing.log"))).isFalse();
        assertThat(Files.isSymbolicLink(publicFolder.resolve("kvm/kvm.log"))).isTrue();
    }

    @Test
    void aLinkWhoseTargetDisappearedIsRemoved() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        Path report = Files.writeString(log.resolve("report.csv"), "a,b\n");
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(report, log.resolve("kvm.log")).build();
        Links.of(config).sync(List.of(kvm));
        Files.delete(report);

        LinkReport second = Links.of(config).sync(List.of(kvm));

        assertThat(second.forService("kvm")).containsExactly("public-path-list: " + report + " does not exist");
        assertThat(Files.isSymbolicLink(publicFolder.resolve("kvm/report.csv"))).isFalse();
        assertThat(Links.readManifest(config)).containsExactly(publicFolder.resolve("kvm/kvm.log"));
    }

    @Test
    void theLinksAndFoldersOfARemovedServiceAreRemoved() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(log).privatePaths(backup).build();
        ServiceConfig web = TestConfigs.service(config, "web").publicPaths(log).build();
        Links.of(config).sync(List.of(kvm, web));

        Links.of(config).sync(List.of(web));

        assertThat(publicFolder.resolve("kvm")).doesNotExist();
        assertThat(privateFolder.resolve("kvm")).doesNotExist();
        assertThat(Files.isSymbolicLink(publicFolder.resolve("web/log"))).isTrue();
        assertThat(log.resolve("kvm.log")).hasContent("started");
        assertThat(Links.readManifest(config)).containsExactly(publicFolder.resolve("web/log"));
    }

    @Test
    void aRealFileInARemovedServicesFolderIsNeverDeleted() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(log).build();
        Links.of(config).sync(List.of(kvm));
        Path own = Files.writeString(publicFolder.resolve("kvm/notes.txt"), "mine");

        Links.of(config).sync(List.of());

        assertThat(own).hasContent("mine");
        assertThat(Files.isSymbolicLink(publicFolder.resolve("kvm/log"))).isFalse();
    }

    @Test
    void aGlobalLinkNoLongerListedIsRemoved() throws IOException {
        Links.of(globalLinks()).sync(List.of());

        MonitorConfig without = TestConfigs.monitor(instance).privatePaths(backup).build();
        Links.of(without).sync(List.of());

        assertThat(Files.isSymbolicLink(publicFolder.resolve("log"))).isFalse();
        assertThat(publicFolder).exists();
        assertThat(Files.isSymbolicLink(privateFolder.resolve("log_rotate"))).isTrue();
    }

    @Test
    void aLinkPlantedBySomeoneElseIsNeitherRecordedNorRemoved() throws IOException {
        MonitorConfig config = globalLinks();
        Files.createDirectories(publicFolder);
        Path planted = Files.createSymbolicLink(publicFolder.resolve("x"), Path.of("/etc"));

        Links.of(config).sync(List.of());

        assertThat(Files.isSymbolicLink(planted)).isTrue();
        assertThat(Links.readManifest(config)).doesNotContain(planted).contains(publicFolder.resolve("log"));
    }

    @Test
    void aManifestEntryOutsideThePublicAndPrivateFoldersIsIgnored() throws IOException {
        MonitorConfig config = globalLinks();
        Files.createDirectories(Links.manifestFile(config).getParent());
        Files.writeString(Links.manifestFile(config), "/etc\n" + publicFolder + "/../../../etc\n" + publicFolder
                + "\n" + publicFolder.resolve("log") + "\nrelative/link\n");

        assertThat(Links.readManifest(config)).containsExactly(publicFolder.resolve("log"));
    }

    @Test
    void aRealFileWhereALinkShouldBeIsLeftAloneAndReported() throws IOException {
        MonitorConfig config = globalLinks();
        Files.createDirectories(publicFolder);
        Path real = Files.writeString(publicFolder.resolve("log"), "real");

        LinkReport report = Links.of(config).sync(List.of());

        assertThat(report.global())
                .containsExactly("public-path-list: public/log exists and is not a link; left alone, " + log
                        + " not linked");
        assertThat(real).hasContent("real");
        assertThat(Links.readManifest(config)).doesNotContain(real);
    }

    @Test
    void aGlobalLinkNamedLikeAServiceIsAClashAndIsNotMade() throws IOException {
        Path disk = Files.createDirectories(instance.resolve("srv/disk"));
        MonitorConfig config = TestConfigs.monitor(instance).publicPaths(disk).build();
        ServiceConfig diskService = TestConfigs.service(config, "disk").publicPaths(log).build();

        List<String> clashes = Links.clashes(config, List.of("disk", "web"));
        LinkReport report = Links.of(config).sync(List.of(diskService));

        String expected = "public-path-list: " + disk + " links as public/disk, the folder of service 'disk';"
                + " not linked";
        assertThat(clashes).containsExactly(expected);
        assertThat(report.global()).containsExactly(expected);
        assertThat(Files.isSymbolicLink(publicFolder.resolve("disk"))).isFalse();
        assertThat(Files.isSymbolicLink(publicFolder.resolve("disk/log"))).isTrue();
    }

    @Test
    void aGlobalLinkNamedLikeAStatusFileIsAClash() {
        MonitorConfig config = TestConfigs.monitor(instance).publicPaths(Path.of("/srv/web.status.json")).build();

        assertThat(Links.clashes(config, List.of("web")))
                .containsExactly("public-path-list: /srv/web.status.json links as public/web.status.json, the"
                        + " status file of service 'web'; not linked");
    }

    @Test
    void twoEntriesWithTheSameBaseNameAreAClashAndTheFirstWins() throws IOException {
        Path otherLog = Files.createDirectories(instance.resolve("opt/log"));
        MonitorConfig config = TestConfigs.monitor(instance).publicPaths(log, otherLog).build();

        LinkReport report = Links.of(config).sync(List.of());

        assertThat(report.global()).containsExactly("public-path-list: " + otherLog + " and " + log
                + " both link as public/log; the first one is kept");
        assertThat(Links.clashes(config, List.of())).isEqualTo(report.global());
        assertThat(target(publicFolder.resolve("log"))).isEqualTo(log);
    }

    @Test
    void theRootFolderHasNoBaseNameAndIsNotLinked() {
        MonitorConfig config = TestConfigs.monitor(instance).publicPaths(Path.of("/")).build();

        LinkReport report = Links.of(config).sync(List.of());

        assertThat(report.global()).containsExactly("public-path-list: / cannot be linked: its base name '' is empty");
    }

    @Test
    void aServiceWhoseNameIsNotAFileNameGetsNoLink() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        ServiceConfig evil = TestConfigs.service(config, "..").publicPaths(log).build();

        LinkReport report = Links.of(config).sync(List.of(evil));

        assertThat(report.forService("..")).containsExactly("service name '..' is '..'; no link made");
        assertThat(Files.isSymbolicLink(instance.resolve("srv/monitor/log"))).isFalse();
        assertThat(Links.readManifest(config)).isEmpty();
    }

    @Test
    void aPlantedLinkInPlaceOfAServiceFolderIsNotFollowed() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        Path outside = Files.createDirectories(instance.resolve("outside"));
        Files.createDirectories(publicFolder);
        Files.createSymbolicLink(publicFolder.resolve("kvm"), outside);
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(log).build();

        LinkReport report = Links.of(config).sync(List.of(kvm));

        assertThat(report.forService("kvm")).containsExactly("public-path-list: public/kvm is not a folder; " + log
                + " not linked");
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aTargetThatIsItselfALinkIsRecordedResolvedAndTheLogSaysSo() throws IOException {
        Path real = Files.writeString(instance.resolve("var/kvm-1.log"), "x");
        Path configured = Files.createSymbolicLink(log.resolve("current.log"), real);
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(configured).build();
        List<String> logged = new java.util.ArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("io.promisemonitor.links").addHandler(capture);
        try {
            Links.of(config).sync(List.of(kvm));
            Links.of(config).sync(List.of(kvm));
        } finally {
            java.util.logging.Logger.getLogger("io.promisemonitor.links").removeHandler(capture);
        }

        assertThat(target(publicFolder.resolve("kvm/current.log"))).isEqualTo(configured);
        assertThat(Links.readServable(config)).containsExactly(java.util.Map.entry(
                publicFolder.resolve("kvm/current.log"), real.toRealPath()));
        assertThat(logged).containsExactly("public/kvm/current.log: " + configured + " resolves to "
                + real.toRealPath() + " through a symbolic link; " + real.toRealPath() + " recorded as what this"
                + " link may serve");
    }

    @Test
    void theRecordedTargetIsKeptWhenTheTargetLaterLeadsElsewhere() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);
        Path file = log.resolve("kvm.log");
        ServiceConfig kvm = TestConfigs.service(config, "kvm").publicPaths(file).build();
        Links.of(config).sync(List.of(kvm));
        Files.delete(file);
        Files.createSymbolicLink(file, Path.of("/etc/passwd"));

        LinkReport report = Links.of(config).sync(List.of(kvm));

        assertThat(report.forService("kvm")).containsExactly("public-path-list: " + file + " now leads to"
                + " /etc/passwd, not to " + file.toRealPath(java.nio.file.LinkOption.NOFOLLOW_LINKS) + " as when it"
                + " was linked; public/kvm/kvm.log serves nothing until the target is restored (or the entry"
                + " removed and added again)");
        assertThat(Links.readServable(config)).containsEntry(publicFolder.resolve("kvm/kvm.log"), file);
    }
}
