package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each layout that would serve a secret without a login, refused when monitor.conf or a .cfg is read. */
class FolderLayoutTest {

    @TempDir
    Path dir;

    private Path root() {
        return dir.toAbsolutePath().normalize();
    }

    private Path conf() {
        return root().resolve("etc/monitor.conf");
    }

    /** The problems of a monitor.conf made of {@code [monitor]} and these lines (so line 2 is the first given). */
    private List<String> refused(String... lines) throws Exception {
        Files.createDirectories(root().resolve("etc"));
        Files.writeString(conf(), "[monitor]\n" + String.join("\n", lines) + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> InstanceConfig.loadMonitor(root()));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private String allowedFolder(String which) {
        return "; allowed: a folder of its own that holds none of these, such as $instance/srv/monitor/" + which;
    }

    private static final String ALLOWED_ENTRY = "; allowed: the files or folders to publish, such as $instance/var/log";

    @Test
    void theDefaultLayoutAndTheExampleConfigurationAreAccepted() throws Exception {
        Files.createDirectories(root().resolve("etc"));
        Files.writeString(conf(), "[monitor]\nprivate-path-list =\n  $instance/etc/monitor-promise\n"
                + "public-path-list =\n  $instance/var/log\n");

        MonitorConfig m = InstanceConfig.loadMonitor(root());

        assertThat(m.publicFolder()).isEqualTo(root().resolve("srv/monitor/public"));
    }

    @Test
    void aPublicFolderThatIsThePrivateFolderIsRefused() throws Exception {
        assertThat(refused("title = x", "public-folder = $instance/srv/shared", "private-folder = $instance/srv/shared"))
                .containsExactly(conf() + " line 3: public-folder " + root().resolve("srv/shared") + " is the"
                        + " private-folder " + root().resolve("srv/shared") + ": the private files would be served at"
                        + " /public/ without a login" + allowedFolder("public"));
    }

    @Test
    void aPublicFolderHoldingThePrivateFolderIsRefused() throws Exception {
        assertThat(refused("private-folder = $instance/srv/monitor/public/private"))
                .containsExactly(conf() + ": public-folder " + root().resolve("srv/monitor/public") + " holds the"
                        + " private-folder " + root().resolve("srv/monitor/public/private") + ": the private files"
                        + " would be served at /public/ without a login" + allowedFolder("public"));
    }

    @Test
    void aPublicOrWebFolderThatIsTheInstanceRootIsRefused() throws Exception {
        assertThat(refused("public-folder = $instance", "web-folder = ${instance}/"))
                .containsExactly(
                        conf() + " line 2: public-folder " + root() + " is the instance root: the configuration and"
                                + " the password hashes would be served at /public/ without a login"
                                + allowedFolder("public"),
                        conf() + " line 3: web-folder " + root() + " is the instance root: the configuration and the"
                                + " password hashes would be served at / without a login" + allowedFolder("web"));
    }

    @Test
    void aWebFolderHoldingTheInstanceEtcFolderIsRefused() throws Exception {
        assertThat(refused("web-folder = " + root().getParent()))
                .containsExactly(conf() + " line 2: web-folder " + root().getParent() + " holds the instance's etc/"
                        + " folder " + root().resolve("etc") + ": the configuration and the password hashes would be"
                        + " served at / without a login" + allowedFolder("web"));
    }

    @Test
    void aWebFolderHoldingTheHtpasswdFileIsRefused() throws Exception {
        assertThat(refused("htpasswd-file = $instance/srv/monitor/web/.htpasswd"))
                .containsExactly(conf() + ": web-folder " + root().resolve("srv/monitor/web") + " holds the"
                        + " htpasswd-file " + root().resolve("srv/monitor/web/.htpasswd") + ": the password hashes"
                        + " would be served at / without a login" + allowedFolder("web"));
    }

    @Test
    void aPublicFolderHoldingTheStateFolderIsRefused() throws Exception {
        assertThat(refused("state-folder = $instance/srv/monitor/public/state"))
                .containsExactly(conf() + ": public-folder " + root().resolve("srv/monitor/public") + " holds the"
                        + " state-folder " + root().resolve("srv/monitor/public/state") + ": the kept state"
                        + " (histories, heartbeat secrets, rerun spool) would be served at /public/ without a login"
                        + allowedFolder("public"));
    }

    @Test
    void aWebFolderHoldingTheLockFolderIsRefused() throws Exception {
        assertThat(refused("service-pid-folder = $instance/srv/monitor/web/pid"))
                .containsExactly(conf() + ": web-folder " + root().resolve("srv/monitor/web") + " holds the"
                        + " service-pid-folder " + root().resolve("srv/monitor/web/pid") + ": the lock files of the"
                        + " runs would be served at / without a login" + allowedFolder("web"));
    }

    @Test
    void aPublicFolderThatReachesTheInstanceRootThroughASymbolicLinkIsRefused() throws Exception {
        Files.createDirectories(root().resolve("srv"));
        Files.createSymbolicLink(root().resolve("srv/public"), root());

        assertThat(refused("public-folder = $instance/srv/public"))
                .containsExactly(conf() + " line 2: public-folder " + root().resolve("srv/public") + " is the"
                        + " instance root: the configuration and the password hashes would be served at /public/"
                        + " without a login" + allowedFolder("public"));
    }

    @Test
    void publicPathListEntriesThatAreSystemOrHomeFoldersOrHoldSecretsAreRefusedEachOnItsLine() throws Exception {
        String home = System.getProperty("user.home");
        assertThat(refused("tls-key = $instance/etc/tls/key.pem",
                "public-path-list =",
                "  /",
                "  /etc",
                "  /root",
                "  /home/alice",
                "  " + home,
                "  $instance/etc",
                "  $instance/etc/tls",
                "  $instance/etc/monitor-promise",
                "  $instance/var/monitor",
                "  $instance/var/log"))
                .containsExactly(
                        conf() + " line 4: public-path-list entry / holds /etc: the system's configuration would be"
                                + " served at /public/ without a login" + ALLOWED_ENTRY,
                        conf() + " line 5: public-path-list entry /etc is /etc: the system's configuration would be"
                                + " served at /public/ without a login" + ALLOWED_ENTRY,
                        conf() + " line 6: public-path-list entry /root is /root: root's home folder would be served"
                                + " at /public/ without a login" + ALLOWED_ENTRY,
                        conf() + " line 7: public-path-list entry /home/alice is a home folder: the user's files (SSH"
                                + " keys, shell history) would be served at /public/ without a login" + ALLOWED_ENTRY,
                        conf() + " line 8: public-path-list entry " + home + " is " + (home.equals("/root") ? "/root:"
                                + " root's home folder" : "the home folder " + home + ": the monitor user's home"
                                + " folder (SSH keys, shell history)") + " would be served at /public/ without a login"
                                + ALLOWED_ENTRY,
                        conf() + " line 9: public-path-list entry " + root().resolve("etc") + " holds the"
                                + " htpasswd-file: the password hashes would be served at /public/ without a login"
                                + ALLOWED_ENTRY,
                        conf() + " line 10: public-path-list entry " + root().resolve("etc/tls") + " holds the"
                                + " tls-key: the server's private key would be served at /public/ without a login"
                                + ALLOWED_ENTRY,
                        conf() + " line 11: public-path-list entry " + root().resolve("etc/monitor-promise") + " is"
                                + " inside the instance's etc/ folder: the configuration would be served at /public/"
                                + " without a login" + ALLOWED_ENTRY,
                        conf() + " line 12: public-path-list entry " + root().resolve("var/monitor") + " holds the"
                                + " state-folder: the kept state (histories, heartbeat secrets, rerun spool) would be"
                                + " served at /public/ without a login" + ALLOWED_ENTRY);
    }

    @Test
    void aServicesPublicPathListHoldingTheHtpasswdFileBreaksThatServiceOnly() throws Exception {
        Files.createDirectories(root().resolve("etc/monitor-promise"));
        Files.writeString(conf(), "[monitor]\n");
        Path cfg = root().resolve("etc/monitor-promise/leak.cfg");
        Files.writeString(cfg, "[service]\npromise = dummy\npublic-path-list = $instance/etc/monitor.htpasswd\n");
        Files.writeString(root().resolve("etc/monitor-promise/fine.cfg"), "[service]\npromise = dummy\n");

        InstanceConfig config = InstanceConfig.load(root());

        assertThat(config.services()).containsOnlyKeys("fine");
        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactly(cfg + " line 3:"
                + " public-path-list entry " + root().resolve("etc/monitor.htpasswd") + " is the htpasswd-file: the"
                + " password hashes would be served at /public/ without a login" + ALLOWED_ENTRY);
    }
}
