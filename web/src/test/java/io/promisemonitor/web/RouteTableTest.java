package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTableTest {

    static final String CSP = "default-src 'self'; connect-src 'self' https://other.example:8443"
            + " http://third.example; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private WebFixture web;
    private byte[] bigLog;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(dir, clock, b -> b,
                "monitor-url-list =", "  https://other.example:8443/monitor", "  http://third.example/");
        web.instance.service("fine", "frequency = @yearly", "promise = test-fixed");
        clock.advance(java.time.Duration.ofSeconds(3));
        web.executor.tick();
        web.executor.awaitIdle(java.time.Duration.ofSeconds(20));
        web.withLogin();
        web.write("srv/monitor/web/index.html", "<!DOCTYPE html><title>Monitor</title>" + "<p>row</p>\n".repeat(50));
        web.write("srv/monitor/web/monitor.css", "body { color: black; }\n");
        web.write("srv/monitor/web/monitor.js", "console.log('monitor');\n");
        web.write("srv/monitor/public/feed.rss", "<rss version=\"2.0\"></rss>\n");
        web.write("srv/monitor/public/report.csv", "date,errors\n2026-11-21,0\n");
        web.write("srv/monitor/public/small.log", "one line\n");
        web.write("srv/monitor/private/svc/secret.txt", "private words\n");
        bigLog = new byte[700 * 1024];
        for (int i = 0; i < bigLog.length; i++) {
            bigLog[i] = (byte) ('a' + i % 26);
        }
        Files.write(web.instance.root().resolve("srv/monitor/public/big.log"), bigLog);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void theDashboardIsServedAtTheRootWithTheBrowserSafetyHeaders() throws Exception {
        HttpResponse<String> r = web.get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("<!DOCTYPE html><title>Monitor</title>");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains(CSP);
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(web.get("/index.html").body()).isEqualTo(r.body());
    }

    @Test
    void eachKindOfFileHasItsContentType() throws Exception {
        String[][] table = {
            {"/monitor.css", "text/css; charset=utf-8"},
            {"/monitor.js", "text/javascript; charset=utf-8"},
            {"/monitor.haljson", "application/hal+json"},
            {"/public/fine.status.json", "application/json"},
            {"/public/feed.rss", "application/rss+xml"},
            {"/public/report.csv", "text/csv; charset=utf-8"},
            {"/public/small.log", "text/plain; charset=utf-8"},
            {"/public/big.log", "text/plain; charset=utf-8"},
        };
        for (String[] row : table) {
            HttpResponse<String> r = web.get(row[0]);
            assertThat(r.statusCode()).as(row[0]).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(row[0]).contains(row[1]);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(row[0]).contains("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(row[0]).isEmpty();
        }
        assertThat(web.get("/monitor.haljson").body()).contains("\"public/fine.status.json\"");
    }

    @Test
    void publicNeedsNoLoginPrivateReRunsAndMetricsDo() throws Exception {
        assertThat(web.get("/public/fine.status.json").statusCode()).isEqualTo(200);

        HttpResponse<String> anonymous = web.get("/private/svc/secret.txt");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"Promise Monitor\", charset=\"UTF-8\"");
        assertThat(anonymous.body()).isEqualTo("login required\n");
        HttpResponse<String> logged = web.get("/private/svc/secret.txt", WebFixture.login());
        assertThat(logged.statusCode()).isEqualTo(200);
        assertThat(logged.body()).isEqualTo("private words\n");

        assertThat(web.post("/cgi-bin/monitor-run-promise.cgi?service=fine").statusCode()).isEqualTo(401);
        HttpResponse<String> rerun = web.post("/cgi-bin/monitor-run-promise.cgi?service=fine", WebFixture.login());
        assertThat(rerun.statusCode()).isEqualTo(202);
        assertThat(rerun.headers().firstValue("Location")).contains("../public/fine.status.json");

        assertThat(web.get("/metrics").statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = web.get("/metrics", WebFixture.login());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void anUnchangedFileIsA304ByETagAndByDate() throws Exception {
        HttpResponse<String> first = web.get("/public/fine.status.json");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");

        HttpResponse<String> byTag = web.get("/public/fine.status.json", "If-None-Match", etag);
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(web.get("/public/fine.status.json", "If-Modified-Since", modified).statusCode()).isEqualTo(304);

        Path file = web.instance.statusFile("fine");
        Files.writeString(file, Files.readString(file).replace("fixed OK", "fixed OK again"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        HttpResponse<String> changed = web.get("/public/fine.status.json", "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("fixed OK again");
        assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
        assertThat(web.get("/public/fine.status.json", "If-Modified-Since", modified).statusCode()).isEqualTo(200);
    }

    @Test
    void textIsGzippedForClientsThatAcceptIt() throws Exception {
        HttpResponse<byte[]> zipped = web.getBytes("/index.html", "Accept-Encoding", "gzip, deflate");

        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.headers().allValues("Vary")).contains("Accept-Encoding");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(web.get("/index.html").body());
        assertThat(zipped.body().length).isLessThan(plain.length / 4);
        String gzipTag = zipped.headers().firstValue("ETag").orElseThrow();
        assertThat(web.get("/index.html", "Accept-Encoding", "gzip", "If-None-Match", gzipTag).statusCode())
                .isEqualTo(304);

        assertThat(web.getBytes("/index.html", "Accept-Encoding", "gzip;q=0").headers()
                .firstValue("Content-Encoding")).isEmpty();
        assertThat(web.getBytes("/public/big.log", "Accept-Encoding", "gzip").headers()
                .firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void aByteRangeOfALargeLogIsA206WithExactlyThoseBytes() throws Exception {
        HttpResponse<byte[]> part = web.getBytes("/public/big.log", "Range", "bytes=600000-600009");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 600000-600009/" + bigLog.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bigLog, 600000, 600010));

        HttpResponse<byte[]> tail = web.getBytes("/public/big.log", "Range", "bytes=-5");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bigLog, bigLog.length - 5, bigLog.length));
        HttpResponse<byte[]> rest = web.getBytes("/public/big.log", "Range", "bytes=716795-");
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(bigLog, 716795, bigLog.length));
        HttpResponse<byte[]> small = web.getBytes("/public/small.log", "Range", "bytes=4-");
        assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo("line\n");

        HttpResponse<String> beyond = web.get("/public/big.log", "Range", "bytes=999999999-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */" + bigLog.length);

        HttpResponse<byte[]> whole = web.getBytes("/public/big.log");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bigLog);
        assertThat(web.getBytes("/public/big.log", "Range", "bytes=0-1,5-6").statusCode()).isEqualTo(200);
    }

    @Test
    void aFolderRedirectsToItsSlashAndIsNotListed() throws Exception {
        HttpResponse<String> noSlash = web.get("/public");
        assertThat(noSlash.statusCode()).isEqualTo(301);
        assertThat(noSlash.headers().firstValue("Location")).contains("public/");
        assertThat(web.get("/private/svc", WebFixture.login()).headers().firstValue("Location")).contains("svc/");

        HttpResponse<String> folder = web.get("/public/");
        assertThat(folder.statusCode()).isEqualTo(404);
        assertThat(folder.body()).isEqualTo("not found (folder listing is off)\n");
    }

    @Test
    void wrongMethodsAre405WithAllowAndHeadHasNoBody() throws Exception {
        HttpResponse<String> delete = web.send("DELETE", "/public/fine.status.json");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).contains("GET, HEAD, OPTIONS");
        assertThat(delete.body()).isEqualTo("method DELETE not allowed; allowed: GET, HEAD, OPTIONS\n");

        HttpResponse<String> get = web.get("/cgi-bin/monitor-run-promise.cgi?service=fine");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");

        HttpResponse<String> head = web.send("HEAD", "/public/big.log");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(bigLog.length));
        assertThat(head.body()).isEmpty();

        assertThat(web.get("/nothing-here.html").statusCode()).isEqualTo(404);
        assertThat(web.get("/cgi-bin/other.cgi").statusCode()).isEqualTo(404);
    }

    @Test
    void aListingIsServedWhenConfigured(@TempDir Path other) throws Exception {
        try (WebFixture listing = WebFixture.start(other, MutableClock.at("2026-11-21T10:00:30Z"), b -> b,
                "directory-listing = yes")) {
            listing.write("srv/monitor/public/a <b>.log", "x\n");
            listing.write("srv/monitor/public/.hidden", "x\n");

            HttpResponse<String> r = listing.get("/public/");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<li><a href=\"a%20%3Cb%3E.log\">a &lt;b&gt;.log</a></li>")
                    .doesNotContain(".hidden");
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        }
    }
}
