package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SlapOS's web app reads the public and private folders under /share/: served read-only with the same guards. */
class SlapOsShareTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(dir, clock, b -> b, "cors-allowed-origins = https://monitor.app.officejs.com");
        web.withLogin();
        web.write("srv/monitor/public/monitor.global.json", "{\"status\": \"OK\"}\n");
        web.write("srv/monitor/private/monitor.global.json", "{\"status\": \"OK\", \"state\": {}}\n");
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void sharePublicServesThePublicFolderWithoutLoginAndToTheSlapOsApp() throws Exception {
        HttpResponse<String> answer = web.get("/share/public/monitor.global.json", "Origin",
                "https://monitor.app.officejs.com");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\": \"OK\"}\n");
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("https://monitor.app.officejs.com");
    }

    @Test
    void sharePrivateAsksForALoginLikePrivate() throws Exception {
        assertThat(web.get("/share/private/monitor.global.json").statusCode()).isEqualTo(401);
        HttpResponse<String> answer = web.get("/share/private/monitor.global.json", WebFixture.login());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\": \"OK\", \"state\": {}}\n");
    }

    @Test
    void shareIsReadOnlyAndRefusesToLeaveItsFolder() throws Exception {
        assertThat(web.send("PUT", "/share/public/x.json", WebFixture.login()).statusCode()).isEqualTo(405);
        assertThat(web.send("PROPFIND", "/share/private/", WebFixture.login()).statusCode()).isEqualTo(405);
        assertThat(web.get("/share/public/..%2f..%2fetc/monitor.conf").statusCode()).isEqualTo(400);
        assertThat(web.get("/share/public/../private/monitor.global.json").statusCode()).isNotEqualTo(200);
    }
}
