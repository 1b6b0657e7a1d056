package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.heartbeat.HeartbeatFiles;
import io.promisemonitor.core.heartbeat.Ping;
import io.promisemonitor.core.heartbeat.Pings;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeat pings through a real server on a free port: recorded, refused, rate-limited, capped. */
class HeartbeatServerTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private WebFixture web;
    private HeartbeatFiles files;
    private String token;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(dir, clock, b -> b);
        web.instance.service("backup", "frequency = @yearly", "promise = heartbeat");
        files = HeartbeatFiles.of(web.instance.monitor(), "backup");
        token = files.tokenOrCreate();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return web.client.send(web.request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path) {
        try {
            return web.get(path).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ping ping(Ping.Kind kind, Integer code, String at, String line) {
        return new Ping(kind, code == null ? OptionalInt.empty() : OptionalInt.of(code), Instant.parse(at), line);
    }

    @Test
    void everyKindOfPingIsRecordedWithTheServersTimeAndTheBodysFirstLine() throws Exception {
        HttpResponse<String> success = web.get("/hb/" + token);
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> start = post("/hb/" + token + "/start", "\nbackup of /srv starting\nmore\n");
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> exit = post("/hb/" + token + "/3", "rsync failed\n");
        Pings afterExit = files.pings();
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> fail = web.get("/hb/" + token + "/fail");

        for (HttpResponse<String> r : List.of(success, start, exit, fail)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("OK\n");
        }
        assertThat(afterExit.lastFailure()).contains(ping(Ping.Kind.FAIL, 3, "2026-11-21T10:02:00Z",
                "rsync failed"));
        assertThat(files.pings()).isEqualTo(new Pings(
                Optional.of(ping(Ping.Kind.SUCCESS, null, "2026-11-21T10:00:00Z", "")),
                Optional.of(ping(Ping.Kind.START, null, "2026-11-21T10:01:00Z", "backup of /srv starting")),
                Optional.of(ping(Ping.Kind.FAIL, null, "2026-11-21T10:03:00Z", "")),
                Optional.of(ping(Ping.Kind.FAIL, null, "2026-11-21T10:03:00Z", ""))));
        assertThat(web.get("/hb/" + token + "/0").statusCode()).isEqualTo(200);
        assertThat(files.pings().lastSuccess()).contains(ping(Ping.Kind.SUCCESS, 0, "2026-11-21T10:03:00Z", ""));
    }

    @Test
    void unknownOrMalformedTokensAndBadSuffixesAllGetTheSame404AndRecordNothing() throws Exception {
        String other = "A".repeat(32);
        String missingPage = web.get("/no-such-page").body();
        List<String> paths = new ArrayList<>(List.of("/hb/" + other, "/hb/" + other + "/start", "/hb/short",
                "/hb/" + token + "/256", "/hb/" + token + "/later", "/hb/" + token + "/start/x", "/hb/" + token + "/",
                "/hb/" + token.substring(1), "/hb/%2e%2e", "/hb/"));

        for (String path : paths) {
            HttpResponse<String> r = web.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEqualTo("not found\n").doesNotContain("backup");
        }
        assertThat(missingPage).doesNotContain(token);
        assertThat(files.pingsFile()).doesNotExist();

        // a removed service's token no longer takes pings
        Files.delete(web.instance.promiseFolder().resolve("backup.cfg"));
        assertThat(web.get("/hb/" + token).statusCode()).isEqualTo(404);
        assertThat(files.pingsFile()).doesNotExist();
    }

    @Test
    void aReplacedTokenStopsWorkingAndTheNewOneWorks() throws Exception {
        assertThat(web.get("/hb/" + token).statusCode()).isEqualTo(200);
        Files.delete(files.tokenFile());
        String fresh = files.tokenOrCreate();

        assertThat(web.get("/hb/" + token).statusCode()).isEqualTo(404);
        Eventually.await("the new token is found (rescans are at most once a second)", Duration.ofSeconds(10),
                () -> status("/hb/" + fresh) == 200);
    }

    @Test
    void pingsAreRateLimitedPerTokenAndAllowedAgainAsTimePasses() throws Exception {
        web.instance.service("other", "frequency = @yearly", "promise = heartbeat");
        String otherToken = HeartbeatFiles.of(web.instance.monitor(), "other").tokenOrCreate();
        for (int i = 0; i < 10; i++) {
            assertThat(web.get("/hb/" + token).statusCode()).as("ping " + i).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(5));

        HttpResponse<String> refused = web.get("/hb/" + token);
        Instant recorded = files.pings().last().orElseThrow().at();
        HttpResponse<String> otherService = web.get("/hb/" + otherToken);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> again = web.get("/hb/" + token + "/fail");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("too many pings; allowed: 10 at once, then one every 6 seconds\n");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(recorded).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(otherService.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(files.pings().last().orElseThrow().kind()).isEqualTo(Ping.Kind.FAIL);
    }

    @Test
    void bodiesAreCappedAndOnlyTheirFirstLineIsKept() throws Exception {
        HttpResponse<String> tooBig = post("/hb/" + token, "x".repeat(64 * 1024 + 1));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).isEqualTo("ping body too large; allowed: up to 64 KiB (only its first line is"
                + " kept)\n");
        assertThat(files.pingsFile()).doesNotExist();

        assertThat(post("/hb/" + token, "y".repeat(1000) + "\n" + "z".repeat(60_000)).statusCode()).isEqualTo(200);
        assertThat(files.pings().last().orElseThrow().firstLine()).isEqualTo("y".repeat(197) + "...");
    }

    @Test
    void onlyGetAndPostPing() throws Exception {
        for (String method : List.of("PUT", "DELETE", "HEAD")) {
            HttpResponse<String> r = web.send(method, "/hb/" + token);
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(method).contains("GET, POST");
        }
        assertThat(files.pingsFile()).doesNotExist();
    }

    @Test
    void pingsNeedNoLoginWhenTheRestOfTheSiteDoes() throws Exception {
        web.close();
        web = WebFixture.start(dir.resolve("login"), clock, b -> b, "public-requires-auth = yes").withLogin();
        web.instance.service("backup", "frequency = @yearly", "promise = heartbeat");
        files = HeartbeatFiles.of(web.instance.monitor(), "backup");
        token = files.tokenOrCreate();

        assertThat(web.get("/private/").statusCode()).isEqualTo(401);
        assertThat(web.get("/hb/" + token).statusCode()).isEqualTo(200);
    }
}
