package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get a short reason, and the server keeps serving everyone else. */
class BadInputTest {

    static final String CGI = "/cgi-bin/monitor-run-promise.cgi";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private WebFixture web;

    @BeforeEach
    void start() throws Exception {
        web = WebFixture.start(dir, clock, b -> b.requestParseTimeout(Duration.ofSeconds(1))
                .noRequestTimeout(Duration.ofSeconds(1)));
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

    private void stillServing() throws Exception {
        assertThat(web.get("/public/fine.status.json").statusCode()).isEqualTo(200);
    }

    @Test
    void badRerunParametersAre400WithAJsonReason() throws Exception {
        String[][] table = {
            {"", "missing parameter 'service'; allowed: ?service=<name>"},
            {"?service=fine&service=other", "parameter 'service' given 2 times; allowed: once"},
            {"?service=a/b", "service 'a/b' is not a service name; allowed: letters, digits, '.', '_' and '-',"
                    + " without '/' or '..'"},
            {"?service=..%2Fetc", "service '../etc' is not a service name; allowed: letters, digits, '.', '_' and"
                    + " '-', without '/' or '..'"},
        };
        for (String[] row : table) {
            HttpResponse<String> r = web.post(CGI + row[0], WebFixture.login());
            assertThat(r.statusCode()).as(row[0]).isEqualTo(400);
            assertThat(r.body()).as(row[0]).isEqualTo("{\"error\":\"" + row[1] + "\"}\n");
        }
        HttpResponse<String> unknown = web.post(CGI + "?service=ghost", WebFixture.login());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"unknown service 'ghost'\",\"service\":\"ghost\"}\n");
        HttpResponse<String> put = web.send("PUT", CGI + "?service=fine", WebFixture.login());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("POST");
        stillServing();
    }

    @Test
    void aTenMegabyteBodyIsRefusedWithoutBeingRead() throws Exception {
        String head = "POST " + CGI + "?service=fine HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + WebFixture.basic(WebFixture.USER, WebFixture.PASSWORD) + "\r\nContent-Length: 10485760\r\n\r\n";
        byte[] start = new byte[64 * 1024];

        String answer = web.raw(concat(head.getBytes(StandardCharsets.ISO_8859_1), start));

        assertThat(WebFixture.statusLine(answer)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        assertThat(answer).endsWith("{\"error\":\"request body too large; allowed: none\"}\n");
        assertThat(web.executor.inFlight("fine")).isEmpty();
        stillServing();
    }

    @Test
    void aClientTooSlowToSendItsRequestIsCutOffWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket(); Socket silent = new Socket()) {
            slow.connect(new InetSocketAddress("127.0.0.1", web.server.port()), 5000);
            silent.connect(new InetSocketAddress("127.0.0.1", web.server.port()), 5000);
            slow.setSoTimeout(15_000);
            silent.setSoTimeout(15_000);
            OutputStream out = slow.getOutputStream();
            out.write("GET /public/fine.status.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(
                    StandardCharsets.ISO_8859_1));
            out.flush();

            stillServing();

            InputStream in = slow.getInputStream();
            assertThat(WebFixture.readAll(in)).doesNotContain("200 OK");
            assertThat(in.read()).isEqualTo(-1);
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
        stillServing();
    }

    @Test
    void garbageAndOversizedRequestsAre4xxAndTheServerGoesOn() throws Exception {
        // refused by Undertow's parser, before any handler: a bare 400
        assertThat(WebFixture.statusLine(web.raw("HELLO THERE\r\n\r\n"))).isEqualTo("HTTP/1.1 400 Bad Request");
        stillServing();
        String longLine = "GET /public/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assertThat(WebFixture.statusLine(web.raw(longLine))).isEqualTo("HTTP/1.1 400 Bad Request");
        stillServing();
        String manyHeaders = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Filler: 0123456789\r\n".repeat(5000) + "\r\n";
        assertThat(WebFixture.statusLine(web.raw(manyHeaders))).isEqualTo("HTTP/1.1 400 Bad Request");
        stillServing();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
