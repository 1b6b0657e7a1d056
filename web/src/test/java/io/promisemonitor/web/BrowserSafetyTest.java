package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cross-site POSTs refused, CORS for other monitors' dashboards. */
class BrowserSafetyTest {

    static final String RERUN = "/cgi-bin/monitor-run-promise.cgi?service=fine";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(dir, clock, b -> b, "cors-allowed-origins =", "  https://Fleet.example.net",
                "  http://10.0.0.2:8196");
        web.instance.service("fine", "frequency = @yearly", "promise = test-fixed");
        clock.advance(Duration.ofSeconds(3));
        web.executor.tick();
        web.executor.awaitIdle(Duration.ofSeconds(20));
        web.withLogin();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private String own() {
        return "http://127.0.0.1:" + web.server.port();
    }

    private HttpResponse<String> rerun(String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        System.arraycopy(WebFixture.login(), 0, all, 0, 2);
        System.arraycopy(headers, 0, all, 2, headers.length);
        HttpResponse<String> r = web.post(RERUN, all);
        web.executor.awaitIdle(Duration.ofSeconds(20));
        return r;
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithGoodCredentials() throws Exception {
        HttpResponse<String> byOrigin = rerun("Origin", "https://evil.example");
        assertThat(byOrigin.statusCode()).isEqualTo(403);
        assertThat(byOrigin.body()).isEqualTo("{\"error\":\"cross-site request refused: Origin is not this monitor's"
                + " origin (" + own() + ")\"}\n");

        assertThat(rerun("Referer", "https://evil.example/attack.html").statusCode()).isEqualTo(403);
        assertThat(rerun("Origin", "null").statusCode()).isEqualTo(403);
        assertThat(rerun("Origin", "https://evil.example", "Referer", own() + "/").statusCode()).isEqualTo(403);
        assertThat(web.executor.inFlight("fine")).isEmpty();
    }

    @Test
    void aPostFromThisMonitorsPagesOrFromCurlGoesThrough() throws Exception {
        assertThat(rerun("Origin", own()).statusCode()).isEqualTo(202);
        assertThat(rerun("Referer", own() + "/index.html").statusCode()).isEqualTo(202);
        assertThat(rerun().statusCode()).isEqualTo(202);
        assertThat(web.post(RERUN, "Origin", own()).statusCode()).isEqualTo(401);
    }

    @Test
    void withABaseUrlOnlyItsOriginIsThisMonitors(@TempDir Path other) throws Exception {
        try (WebFixture proxied = WebFixture.start(other, clock, b -> b, "base-url = https://mon.example.net/m/")) {
            proxied.withLogin();
            proxied.instance.service("fine", "frequency = @yearly", "promise = test-fixed");
            clock.advance(Duration.ofSeconds(3));
            proxied.executor.tick();
            proxied.executor.awaitIdle(Duration.ofSeconds(20));

            String local = "http://127.0.0.1:" + proxied.server.port();
            assertThat(proxied.post(RERUN, "Authorization", WebFixture.basic(WebFixture.USER, WebFixture.PASSWORD),
                    "Origin", local).statusCode()).isEqualTo(403);
            HttpResponse<String> ok = proxied.post(RERUN, "Authorization", WebFixture.basic(WebFixture.USER,
                    WebFixture.PASSWORD), "Origin", "https://mon.example.net");
            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(ok.headers().firstValue("Location"))
                    .contains("https://mon.example.net/m/public/fine.status.json");
        }
    }

    @Test
    void publicJsonAndTheHalJsonMayBeReadByTheConfiguredOriginsOnly() throws Exception {
        for (String path : new String[] {"/public/fine.status.json", "/monitor.haljson"}) {
            HttpResponse<String> allowed = web.get(path, "Origin", "https://fleet.example.net");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).as(path)
                    .contains("https://fleet.example.net");
            assertThat(allowed.headers().allValues("Vary")).as(path).contains("Origin");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

            HttpResponse<String> other = web.get(path, "Origin", "https://evil.example");
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
        }
        assertThat(web.get("/public/fine.status.json", "Origin", "http://10.0.0.2:8196").headers()
                .firstValue("Access-Control-Allow-Origin")).contains("http://10.0.0.2:8196");
        assertThat(web.get("/index.html", "Origin", "https://fleet.example.net").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(web.get("/private/", "Origin", "https://fleet.example.net").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> preflight = web.send("OPTIONS", "/monitor.haljson", "Origin", "https://fleet.example.net",
                "Access-Control-Request-Method", "GET");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://fleet.example.net");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, HEAD");
    }
}
