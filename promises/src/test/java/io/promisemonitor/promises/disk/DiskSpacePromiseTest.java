package io.promisemonitor.promises.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.run.PerfdataParser;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.Plugins;
import io.promisemonitor.promises.TestContexts;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpacePromiseTest {

    private static final String SOURCE = "disk.cfg [promise]";
    private static final Path SHM = Path.of("/dev/shm");

    @TempDir
    Path dir;

    private final PromiseRegistry registry = PromiseRegistry.fromClassPath();

    private PromiseResult check(Options options) throws Exception {
        return registry.create("disk-space", options.build()).check(TestContexts.in(dir));
    }

    private static Perfdata perf(PromiseResult r, String label) {
        return r.perfdata().stream().filter(p -> p.label().equals(label)).findFirst().orElseThrow();
    }

    /** check_disk prints {@code / 81024MiB (77% inode=97%)} and perfdata {@code /=usedB;w;c;0;total}. */
    private static final Pattern CHECK_DISK = Pattern.compile(
            "free space: (\\S+) (\\d+)MiB \\((\\d+)% inode=(\\d+)%\\)");

    @Test
    void itsFiguresAgreeWithCheckDiskOnTheSamePathsWithinOnePercent() throws Exception {
        Path checkDisk = Plugins.require("check_disk");
        for (Path path : List.of(dir, SHM)) {
            PromiseResult ours = check(Options.of(SOURCE).add("path", path.toString()));
            Plugins.Output theirs = Plugins.run(List.of(checkDisk.toString(), "-w", "1%", "-c", "1%", "-p",
                    path.toString()));

            Matcher m = CHECK_DISK.matcher(theirs.stdout());
            assertThat(m.find()).as(theirs.stdout()).isTrue();
            double theirFree = Long.parseLong(m.group(2)) * 1024.0 * 1024.0;
            double theirFreePercent = Long.parseLong(m.group(3));
            double theirInodePercent = Long.parseLong(m.group(4));
            Perfdata theirUsed = PerfdataParser.parse(theirs.stdout().substring(theirs.stdout().indexOf('|') + 1))
                    .get(0);
            Perfdata free = perf(ours, path.toString());
            double ourUsed = Double.parseDouble(free.max()) - free.value();

            assertThat(free.value()).as(path + " free bytes")
                    .isCloseTo(theirFree, within(theirFree * 0.01 + 1024 * 1024));
            assertThat(ourUsed).as(path + " used bytes").isCloseTo(theirUsed.value(),
                    within(Double.parseDouble(free.max()) * 0.01));
            // check_disk rounds percents down to whole numbers.
            assertThat(perf(ours, path + " %").value()).as(path + " free %").isCloseTo(theirFreePercent, within(1.0));
            assertThat(perf(ours, path + " inodes %").value()).as(path + " inodes %")
                    .isCloseTo(theirInodePercent, within(1.0));
        }
    }

    @Test
    void freeSpaceIsWhatAnUnprivilegedUserCanUse() throws Exception {
        FileStore store = Files.getFileStore(dir);

        PromiseResult result = check(Options.of(SOURCE).add("path", dir.toString()).add("inodes", "no"));

        long free = (long) perf(result, dir.toString()).value();
        assertThat(free).isCloseTo(store.getUsableSpace(), within(store.getTotalSpace() / 100));
        assertThat(Long.parseLong(perf(result, dir.toString()).max()))
                .isEqualTo(store.getTotalSpace() - store.getUnallocatedSpace() + store.getUsableSpace());
    }

    @Test
    void oneLinePerPathWorstFirstAndAMissingPathIsAnError() throws Exception {
        long rootFree = Files.getFileStore(dir).getUsableSpace();
        long shmFree = Files.getFileStore(SHM).getUsableSpace();
        // A size between the two free spaces: the emptier file system warns, the other is fine.
        long between = (Math.min(rootFree, shmFree) + Math.max(rootFree, shmFree)) / 2;
        Path emptier = rootFree < shmFree ? dir : SHM;
        Path fuller = emptier == dir ? SHM : dir;

        PromiseResult warns = check(Options.of(SOURCE).add("path", fuller.toString()).add("path", emptier.toString())
                .add("warning", between + "B").add("critical", "0B"));
        PromiseResult fails = check(Options.of(SOURCE).add("path", dir.toString()).add("path", "/no/such/disk")
                .add("warning", "0B").add("critical", "0B"));

        assertThat(warns.status()).isEqualTo(Status.WARNING);
        String[] lines = warns.message().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith(emptier + ": ").contains(", below warning " + between + "B)");
        assertThat(lines[1]).startsWith(fuller + ": ").doesNotContain("below");
        assertThat(fails.status()).isEqualTo(Status.ERROR);
        assertThat(fails.message().split("\n")[0]).isEqualTo("/no/such/disk: does not exist");
        assertThat(fails.message().split("\n")[1]).matches(Pattern.quote(dir.toString())
                + ": \\d+\\.\\d (B|KiB|MiB|GiB|TiB) free of \\d+\\.\\d (KiB|MiB|GiB|TiB) \\(\\d+\\.\\d%\\), inodes"
                + " \\d+\\.\\d% free");
    }

    @Test
    void belowCriticalIsErrorAndBelowWarningIsWarning() throws Exception {
        String path = dir.toString();

        PromiseResult ok = check(Options.of(SOURCE).add("path", path).add("warning", "0%").add("critical", "0%"));
        PromiseResult warning = check(Options.of(SOURCE).add("path", path).add("warning", "99999TiB")
                .add("critical", "0B"));
        PromiseResult error = check(Options.of(SOURCE).add("path", path).add("warning", "100%")
                .add("critical", "99999TiB"));

        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(warning.status()).isEqualTo(Status.WARNING);
        assertThat(warning.message()).contains("%, below warning 99999TiB)");
        assertThat(error.status()).isEqualTo(Status.ERROR);
        assertThat(error.message()).contains("%, below critical 99999TiB)");
        assertThat(perf(warning, path).warn()).isEqualTo(99999L * (1L << 40) + ":");
    }

    @Test
    void aPercentAndASizeTogetherAlarmOnlyBelowBoth() throws Exception {
        String path = dir.toString();
        // 100% is above any free space, 0B below any: together they never alarm.
        PromiseResult both = check(Options.of(SOURCE).add("path", path).add("warning", "100%, 0B")
                .add("critical", "0%"));
        PromiseResult asList = check(Options.of(SOURCE).add("path", path).add("warning", "100%")
                .add("warning", "99999TiB").add("critical", "0%"));

        assertThat(both.status()).isEqualTo(Status.OK);
        assertThat(asList.status()).isEqualTo(Status.WARNING);
        assertThat(asList.message()).contains("below warning 100% and 99999TiB)");
    }

    @Test
    void inodesBelowTheirLimitAlarmAndCanBeLeftOut() throws Exception {
        PromiseResult inodes = check(Options.of(SOURCE).add("path", dir.toString()).add("inode-warning", "100%")
                .add("inode-critical", "0%").add("warning", "0%").add("critical", "0%"));
        PromiseResult without = check(Options.of(SOURCE).add("path", dir.toString()).add("inodes", "no"));

        assertThat(inodes.status()).isEqualTo(Status.WARNING);
        assertThat(inodes.message()).matches(".*, inodes \\d+\\.\\d% free, below warning 100%");
        assertThat(without.message()).doesNotContain("inodes");
        assertThat(without.perfdata()).extracting(Perfdata::label).containsExactly(dir.toString(), dir + " %");
    }

    @Test
    void withMountPointAFolderOnItsParentsDiskIsAnError() throws Exception {
        Plugins.Output df = Plugins.run(List.of("df", "--output=target", dir.toString()));
        String mount = df.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();

        PromiseResult folder = check(Options.of(SOURCE).add("path", dir.toString()).add("mount-point", "yes"));
        PromiseResult root = check(Options.of(SOURCE).add("path", "/").add("mount-point", "yes").add("warning", "0%")
                .add("critical", "0%").add("inodes", "no"));

        assertThat(folder.status()).isEqualTo(Status.ERROR);
        assertThat(folder.message()).isEqualTo(dir + ": not a mount point (it is on " + mount + "); is its disk"
                + " mounted?");
        assertThat(root.status()).isEqualTo(Status.OK);
    }

    @Test
    void withoutAPathTheInstanceRootIsChecked() throws Exception {
        PromiseResult result = check(Options.of(SOURCE).add("warning", "0%").add("critical", "0%"));

        assertThat(result.message()).startsWith(dir + ": ");
    }

    @Test
    void aRelativePathIsFromTheInstanceRoot() throws Exception {
        Files.createDirectories(dir.resolve("srv/data"));

        PromiseResult result = check(Options.of(SOURCE).add("path", "srv/data").add("path", "srv/none"));

        assertThat(result.message()).startsWith("srv/none: does not exist\nsrv/data: ");
    }

    @Test
    void everyBadOptionIsNamedWithWhatIsAllowed() {
        assertThat(problem(Options.of(SOURCE).add("warning", "ten")))
                .isEqualTo(SOURCE + ": option 'warning' is 'ten', allowed: a percent, a size or both, such as 10%,"
                        + " 5GiB or 10%,5GiB");
        assertThat(problem(Options.of(SOURCE).add("critical", "5%, 6%")))
                .isEqualTo(SOURCE + ": option 'critical' is '5%,6%', allowed: a percent, a size or both, such as"
                        + " 10%, 5GiB or 10%,5GiB");
        assertThat(problem(Options.of(SOURCE).add("warning", "10%").add("critical", "20%")))
                .isEqualTo(SOURCE + ": option 'critical' (20%) is above option 'warning' (10%); allowed: critical at"
                        + " most warning, both being minimum free space");
        assertThat(problem(Options.of(SOURCE).add("inode-warning", "120%")))
                .isEqualTo(SOURCE + ": option 'inode-warning' is '120%', allowed: a percent from 0% to 100%, such"
                        + " as 10%");
        assertThat(problem(Options.of(SOURCE).add("inode-warning", "1%")))
                .isEqualTo(SOURCE + ": option 'inode-critical' (5%) is above option 'inode-warning' (1%); allowed:"
                        + " inode-critical at most inode-warning");
        assertThat(problem(Options.of(SOURCE).add("mount-point", "sure")))
                .isEqualTo(SOURCE + ": option 'mount-point' is 'sure', allowed: yes or no");
        assertThat(problem(Options.of(SOURCE).add("paths", "/")))
                .isEqualTo(SOURCE + ": unknown option 'paths'; did you mean 'path'?; allowed: critical,"
                        + " inode-critical, inode-warning, inodes, mount-point, path, warning");
    }

    private String problem(Options options) {
        try {
            registry.create("disk-space", options.build());
            return "no problem";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Test
    void mountinfoEscapesAreRead() {
        assertThat(Mounts.unescape("/mnt/my\\040disk")).isEqualTo("/mnt/my disk");
        assertThat(Mounts.unescape("/a\\134b\\011c")).isEqualTo("/a\\b\tc");
        assertThat(Mounts.unescape("/x\\04")).isEqualTo("/x\\04");
    }

    @Test
    void aPathThatIsAFileIsMeasuredOnItsFileSystem() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");

        PromiseResult result = check(Options.of(SOURCE).add("path", file.toString()).add("warning", "0%")
                .add("critical", "0%").add("inodes", "no"));

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.message()).startsWith(file + ": ").contains(" free of ");
    }
}
