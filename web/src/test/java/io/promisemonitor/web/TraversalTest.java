package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraversalTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(dir, clock, b -> b, "private-path-list = $instance/var/private-notes");
        web.write("var/log/app.log", "application log\n");
        web.write("var/private-notes/notes.txt", "notes\n");
        web.instance.service("svc", "frequency = @yearly", "promise = test-fixed",
                "public-path-list = $instance/var/log");
        clock.advance(Duration.ofSeconds(3));
        web.executor.tick();
        web.executor.awaitIdle(Duration.ofSeconds(20));
        web.withLogin();
        assertThat(web.instance.monitor().publicFolder().resolve("svc/log")).isSymbolicLink();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private String get(String target) throws Exception {
        return WebFixture.statusLine(web.raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close"
                + "\r\nAuthorization: " + WebFixture.basic(WebFixture.USER, WebFixture.PASSWORD) + "\r\n\r\n"));
    }

    @Test
    void escapingPathsAreRefusedAndTheServerGoesOnServing() throws Exception {
        String[] refused = {
            "/public/../etc/passwd",
            "/public/%2e%2e/%2e%2e/etc/passwd",
            "/public/%2E%2E/x",
            "/public/..%2fetc%2fpasswd",
            "/public/%2fetc%2fpasswd",
            "/public/..\\..\\etc\\passwd",
            "/public/%5c..%5cetc%5cpasswd",
            "//etc/passwd",
            "/public//etc/passwd",
            "/public/svc.status.json%00.txt",
            "/public/%c0%ae%c0%ae/etc/passwd",
            "/public/./svc.status.json",
            "/public/%2e/svc.status.json",
            "/private/svc/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/public/svc/log/../../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
        };
        for (String target : refused) {
            assertThat(get(target)).as(target).isIn("HTTP/1.1 400 Bad Request", "HTTP/1.1 404 Not Found");
            assertThat(web.get("/public/svc.status.json").statusCode()).as("after " + target).isEqualTo(200);
        }
        assertThat(get("/etc/passwd")).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(get("http://127.0.0.1/../../etc/passwd")).isIn("HTTP/1.1 400 Bad Request",
                "HTTP/1.1 404 Not Found");
        assertThat(get("/public/%2e%2e/%2e%2e/etc/passwd")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(web.get("/public/%2e%2e/%2e%2e/etc/passwd").body()).isEqualTo("bad path: '..' in path\n");
    }

    @Test
    void aLinkTheMonitorDidNotMakeIsNotFollowed() throws Exception {
        Path publicFolder = web.instance.monitor().publicFolder();
        Files.createSymbolicLink(publicFolder.resolve("x"), Path.of("/etc"));
        Files.createSymbolicLink(publicFolder.resolve("p"), Path.of("/etc/passwd"));

        assertThat(web.get("/public/x/passwd").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/x/").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/x").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/p").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/svc.status.json").statusCode()).isEqualTo(200);
    }

    @Test
    void theMonitorsOwnLinksAreFollowedButNothingEscapesTheirTargets() throws Exception {
        Path logs = web.instance.root().resolve("var/log");
        Files.createSymbolicLink(logs.resolve("evil"), Path.of("/etc"));
        Files.createSymbolicLink(logs.resolve("current.log"), Path.of("app.log"));

        assertThat(web.get("/public/svc/log/app.log").body()).isEqualTo("application log\n");
        assertThat(web.get("/public/svc/log/current.log").body()).isEqualTo("application log\n");
        assertThat(web.get("/public/svc/log/evil/passwd").statusCode()).isEqualTo(404);
        assertThat(web.get("/public/svc/log/evil/").statusCode()).isEqualTo(404);
        assertThat(web.get("/private/private-notes/notes.txt", WebFixture.login()).body()).isEqualTo("notes\n");
        assertThat(web.get("/private/private-notes/notes.txt").statusCode()).isEqualTo(401);
    }

    @Test
    void hiddenFilesSuchAsTemporaryWritesAreNotServed() throws Exception {
        web.write("srv/monitor/public/.svc.status.json.123.tmp", "{}");

        assertThat(web.get("/public/.svc.status.json.123.tmp").statusCode()).isEqualTo(404);
    }
}
