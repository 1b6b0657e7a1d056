package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /cgi-bin/monitor-silence.cgi} through a real server: the rerun's login and origin rules. */
class SilenceServerTest {

    private static final String SILENCE = "/cgi-bin/monitor-silence.cgi";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(dir, clock, b -> b);
        web.instance.service("web", "frequency = @yearly", "promise = test-fixed");
        web.instance.service("db", "frequency = @yearly", "promise = test-fixed");
        web.withLogin();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private String own() {
        return "http://127.0.0.1:" + web.server.port();
    }

    private HttpResponse<String> post(String query, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        System.arraycopy(WebFixture.login(), 0, all, 0, 2);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return web.post(SILENCE + query, all);
    }

    private Path silences() {
        return web.instance.monitor().stateFolder("silences");
    }

    private long count() throws Exception {
        if (!Files.exists(silences())) {
            return 0;
        }
        try (var files = Files.list(silences())) {
            return files.count();
        }
    }

    @Test
    void aLoggedInPostFromThisMonitorOrCurlSetsASilenceAndTheNextRunIsSilenced() throws Exception {
        HttpResponse<String> set = post("?service=web&service=db&for=2h&reason=moving%20the%20database",
                "Origin", own());
        assertThat(set.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(set.body());
        assertThat(body.get("services").toString()).isEqualTo("[\"web\",\"db\"]");
        assertThat(body.get("from").asText()).isEqualTo("2026-11-21T10:00:30Z");
        assertThat(body.get("until").asText()).isEqualTo("2026-11-21T12:00:30Z");
        assertThat(body.get("reason").asText()).isEqualTo("moving the database");
        assertThat(body.get("by").asText()).isEqualTo("web:admin");
        assertThat(silences().resolve(body.get("id").asText() + ".json")).exists();

        clock.advance(Duration.ofSeconds(3));
        web.executor.tick();
        assertThat(web.executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
        JsonNode status = JSON.readTree(web.instance.statusFile("web").toFile());
        assertThat(status.get("silenced-until").asText()).isEqualTo("2026-11-21T12:00:30+00:00");
        assertThat(status.get("silence-reason").asText()).isEqualTo("moving the database");

        HttpResponse<String> form = web.client.send(web.request(SILENCE, "Authorization",
                WebFixture.basic(WebFixture.USER, WebFixture.PASSWORD), "Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "all=1&until=2026-11-21T11:00:00Z&reason=upgrade")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).as(form.body()).isEqualTo(201);
        assertThat(JSON.readTree(form.body()).get("all").asBoolean()).isTrue();

        String id = JSON.readTree(form.body()).get("id").asText();
        HttpResponse<String> end = post("?end=" + id);
        assertThat(end.statusCode()).isEqualTo(200);
        assertThat(end.body()).isEqualTo("{\"ended\":\"" + id + "\"}\n");
        assertThat(post("?end=" + id).body()).isEqualTo("{\"error\":\"no silence '" + id + "' (ended already, or"
                + " never set)\"}\n");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void withoutLoginFromAnotherSiteOrNotAPostNothingIsSilenced() throws Exception {
        HttpResponse<String> anonymous = web.post(SILENCE + "?service=web&for=1h", "Origin", own());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = web.post(SILENCE + "?service=web&for=1h", "Authorization",
                WebFixture.basic(WebFixture.USER, "guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> crossSite = post("?service=web&for=1h", "Origin", "https://evil.example");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).isEqualTo("{\"error\":\"cross-site request refused: Origin is not this"
                + " monitor's origin (" + own() + ")\"}\n");
        assertThat(post("?service=web&for=1h", "Referer", "https://evil.example/a.html").statusCode())
                .isEqualTo(403);
        assertThat(post("?service=web&for=1h", "Origin", "null").statusCode()).isEqualTo(403);

        HttpResponse<String> get = web.get(SILENCE + "?service=web&for=1h", WebFixture.login());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(count()).isZero();
    }

    @Test
    void badParametersAreRefusedSayingWhatIsAllowed() throws Exception {
        assertThat(post("?service=nosuch&for=1h").body()).isEqualTo("{\"error\":\"unknown service 'nosuch'\"}\n");
        assertThat(post("?service=web").body()).isEqualTo("{\"error\":\"no duration nor end given; allowed: one"
                + " of them, such as for 2h or until 22:30\"}\n");
        assertThat(post("?service=web&for=90d").body()).isEqualTo("{\"error\":\"duration '90d' is not allowed;"
                + " allowed: from 1s to 31d\"}\n");
        assertThat(post("?for=1h").body()).isEqualTo("{\"error\":\"no service given; allowed: service=<name>"
                + " (repeated for several), or all=1\"}\n");
        assertThat(post("?service=web&for=1h&wait=1").body()).isEqualTo("{\"error\":\"unknown parameter 'wait';"
                + " allowed: [all, end, for, reason, service, until]\"}\n");
        assertThat(post("?service=web&for=1h&for=2h").statusCode()).isEqualTo(400);
        assertThat(post("?end=..%2Fetc").body()).isEqualTo("{\"error\":\"end '../etc' is not a silence id;"
                + " allowed: the 8 hex digits --list shows\"}\n");
        assertThat(post("?service=web&for=1h&reason=" + "x".repeat(501)).body()).isEqualTo("{\"error\":\"the"
                + " reason is 501 characters long; allowed: one line of up to 500 characters\"}\n");
        HttpResponse<String> big = web.client.send(web.request(SILENCE + "?service=web&for=1h", WebFixture.login())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=" + "y".repeat(9000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(count()).isZero();
    }
}
