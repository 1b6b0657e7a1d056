package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target decides what is served, not the link's name: a link of the monitor's replaced by one to elsewhere, a
 * published file replaced by a link to elsewhere, and a link inside a published folder that leads out all answer
 * 404 from a real server, are logged once, and are repaired or reported by the executor.
 */
class LinkTargetTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(String.valueOf(r.getMessage()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private WebFixture web;
    private Path root;
    private Path log;
    private Path publicFolder;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("").addHandler(capture);
        capture.setLevel(Level.ALL);
        web = WebFixture.start(dir, clock, b -> b);
        root = web.instance.root();
        web.write("var/log/app.log", "application log\n");
        web.write("var/log/kvm.log", "kvm started\n");
        web.instance.service("svc", "frequency = @yearly", "promise = test-fixed", "public-path-list = $instance/var/log");
        web.instance.service("kvm", "frequency = @yearly", "promise = test-fixed",
                "public-path-list = $instance/var/log/kvm.log");
        clock.advance(Duration.ofSeconds(3));
        web.executor.tick();
        assertThat(web.executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
        log = root.resolve("var/log");
        publicFolder = web.instance.monitor().publicFolder();
        assertThat(web.get("/public/svc/log/app.log").body()).isEqualTo("application log\n");
        assertThat(web.get("/public/kvm/kvm.log").body()).isEqualTo("kvm started\n");
    }

    @AfterEach
    void stop() {
        web.close();
        Logger.getLogger("").removeHandler(capture);
    }

    /** {@code ln -sfn <target> x.tmp && mv -T x.tmp <path>}: a link swapped in by one rename. */
    private static void swapInLink(Path path, Path target) throws Exception {
        Path temp = path.resolveSibling("x.tmp");
        Files.createSymbolicLink(temp, target);
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
    }

    private List<String> loggedContaining(String text) {
        synchronized (logged) {
            return logged.stream().filter(l -> l.contains(text)).toList();
        }
    }

    private String messageAfterARun(String service) throws Exception {
        web.executor.trigger(service, RunReason.RERUN);
        assertThat(web.executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
        return new ObjectMapper().readTree(web.instance.statusFile(service).toFile()).get("message").asText();
    }

    @Test
    void aLinkReplacedByOneToEtcAnswers404IsLoggedOnceAndIsRepairedAtTheNextRescan() throws Exception {
        Path link = publicFolder.resolve("svc/log");
        swapInLink(link, Path.of("/etc"));

        assertThat(web.get("/public/svc/log/passwd").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/svc/log/passwd").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/svc/log/").statusCode()).isEqualTo(404);
        assertThat(loggedContaining(link.toString())).containsExactly(link + " is a link of the monitor's that"
                + " leads to /etc, outside " + log + " where its target was when it was made: refused (404);"
                + " logged once");

        clock.advance(Duration.ofSeconds(2));
        web.executor.tick();

        String repaired = "public-path-list: public/svc/log had been replaced by a link to /etc; repaired, it links"
                + " to " + log + " again";

        assertThat(Files.readSymbolicLink(link)).isEqualTo(log);
        assertThat(loggedContaining("repaired")).containsExactly("svc: links: " + repaired);
        assertThat(web.get("/public/svc/log/app.log").body()).isEqualTo("application log\n");
        assertThat(messageAfterARun("svc")).endsWith("(" + repaired + ")");
        assertThat(messageAfterARun("svc")).doesNotContain("repaired");
    }

    @Test
    void aPublishedFileReplacedByALinkToEtcPasswdAnswers404AndIsReportedInItsServicesMessage() throws Exception {
        swapInLink(log.resolve("kvm.log"), Path.of("/etc/passwd"));

        assertThat(web.get("/public/kvm/kvm.log").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/kvm/kvm.log").statusCode()).isEqualTo(404);
        assertThat(loggedContaining("refused")).containsExactly(publicFolder.resolve("kvm/kvm.log") + " is a link"
                + " of the monitor's that leads to /etc/passwd, outside " + log.resolve("kvm.log") + " where its"
                + " target was when it was made: refused (404); logged once");

        clock.advance(Duration.ofMinutes(1));
        web.executor.tick();
        String problem = "public-path-list: " + log.resolve("kvm.log") + " now leads to /etc/passwd, not to "
                + log.resolve("kvm.log") + " as when it was linked; public/kvm/kvm.log serves nothing until the"
                + " target is restored (or the entry removed and added again)";

        assertThat(messageAfterARun("kvm")).endsWith("(" + problem + ")");
        assertThat(loggedContaining(problem)).containsExactly("kvm: links: " + problem);
        assertThat(web.get("/public/kvm/kvm.log").statusCode()).isEqualTo(404);
    }

    @Test
    void aTargetDeletedAndThenReplacedByALinkIsStillRefusedAfterTheExecutorSawItMissing() throws Exception {
        Files.delete(log.resolve("kvm.log"));
        clock.advance(Duration.ofMinutes(1));
        web.executor.tick();
        Files.createSymbolicLink(log.resolve("kvm.log"), Path.of("/etc/passwd"));
        clock.advance(Duration.ofMinutes(1));
        web.executor.tick();

        assertThat(Files.readSymbolicLink(publicFolder.resolve("kvm/kvm.log"))).isEqualTo(log.resolve("kvm.log"));
        assertThat(web.get("/public/kvm/kvm.log").statusCode()).isEqualTo(404);
    }

    @Test
    void aLinkedFolderInsideAPublishedFolderThatLeadsOutAnswers404IsLoggedOnceAndIsReportedInItsServicesMessage()
            throws Exception {
        Files.createSymbolicLink(log.resolve("archive"), Path.of("/etc"));

        assertThat(web.get("/public/svc/log/archive/passwd").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/svc/log/archive/hostname").statusCode()).isEqualTo(404);
        assertThat(loggedContaining("refused")).containsExactly(publicFolder.resolve("svc/log/archive") + " is a"
                + " symbolic link to /etc, outside " + log + ": refused (404); logged once");
        assertThat(web.get("/public/svc/log/app.log").body()).isEqualTo("application log\n");

        clock.advance(Duration.ofMinutes(1));
        web.executor.tick();

        assertThat(messageAfterARun("svc")).endsWith("(public/svc/log/archive leads to /etc, outside " + log
                + " that public/svc/log publishes; the web server answers 404 for it)");
        assertThat(messageAfterARun("kvm")).doesNotContain("archive");

        Files.delete(log.resolve("archive"));
        clock.advance(Duration.ofMinutes(1));
        web.executor.tick();

        assertThat(messageAfterARun("svc")).doesNotContain("archive");
    }

    @Test
    void aPublishedFolderReplacedByALinkToEtcAnswers404() throws Exception {
        Files.move(log, root.resolve("var/log.old"));
        Files.createSymbolicLink(log, Path.of("/etc"));

        assertThat(web.get("/public/svc/log/passwd").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/svc/log/").statusCode()).isEqualTo(404);
    }
}
