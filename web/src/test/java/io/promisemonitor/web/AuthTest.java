package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.web.auth.HtpasswdFile;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(String.valueOf(r.getMessage()) + " " + r.getThrown());
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

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("").addHandler(capture);
        capture.setLevel(Level.ALL);
        Logger.getLogger("io.promisemonitor").setLevel(Level.ALL);
        web = WebFixture.start(dir, clock, b -> b);
        web.write("srv/monitor/private/secret.txt", "private words\n");
    }

    @AfterEach
    void stop() {
        web.close();
        Logger.getLogger("").removeHandler(capture);
    }

    private int privateStatus(String user, String password) throws Exception {
        return web.get("/private/secret.txt", "Authorization", WebFixture.basic(user, password)).statusCode();
    }

    private void useFixture() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/htpasswd/apache.htpasswd")) {
            Files.copy(in, web.htpasswdFile(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void theCommittedApacheFileLogsInWithEveryFormatWeAccept() throws Exception {
        useFixture();

        for (String user : List.of("bcrypt", "apr1", "sha", "sha256", "sha512")) {
            assertThat(privateStatus(user, "pw-" + user)).as(user).isEqualTo(200);
        }
        assertThat(privateStatus("apr1", "pw-bcrypt")).isEqualTo(401);
    }

    @Test
    void cryptAndPlainTextEntriesAreRefusedAndTheLogSaysWhy() throws Exception {
        useFixture();

        assertThat(privateStatus("crypt", "pw-crypt")).isEqualTo(401);
        assertThat(privateStatus("plain", "pw-plain")).isEqualTo(401);
        synchronized (logged) {
            assertThat(logged).anyMatch(line -> line.startsWith(web.htpasswdFile() + " line 8: user 'plain' has a"
                    + " password format this monitor does not accept (crypt or plain text); allowed: bcrypt,"
                    + " APR1-MD5, SHA-1, SHA-256/512-crypt: set it again with 'monitor passwd' or 'htpasswd -B'"));
        }
    }

    @Test
    void filesMadeNowByApachesHtpasswdInTheThreeFormatsLogIn() throws Exception {
        WebFixture.htpasswd(web.htpasswdFile(), "-B", "bee", "bee password");
        WebFixture.htpasswd(web.htpasswdFile(), "-m", "emm", "émm pässword");
        WebFixture.htpasswd(web.htpasswdFile(), "-s", "ess", "ess:password");

        assertThat(Files.readString(web.htpasswdFile())).contains("bee:$2y$", "emm:$apr1$", "ess:{SHA}");
        assertThat(privateStatus("bee", "bee password")).isEqualTo(200);
        assertThat(privateStatus("emm", "émm pässword")).isEqualTo(200);
        assertThat(privateStatus("ess", "ess:password")).isEqualTo(200);
        assertThat(privateStatus("bee", "bee passworD")).isEqualTo(401);
    }

    @Test
    void aWrongPasswordIsRefusedWithoutItAppearingInTheAnswerOrTheLog() throws Exception {
        web.withLogin();
        String wrong = "Wrong-Horse-Battery";

        HttpResponse<String> r = web.get("/private/secret.txt?password=" + wrong, "Authorization",
                WebFixture.basic(WebFixture.USER, wrong));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("wrong user or password\n");
        assertThat(r.headers().map().toString()).doesNotContain(wrong);
        assertThat(web.get("/private/secret.txt", WebFixture.login()).statusCode()).isEqualTo(200);
        synchronized (logged) {
            assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(wrong) || line.contains(
                    WebFixture.PASSWORD));
        }
    }

    /** Ten wrong passwords for {@code user} at once, each with the given headers; all must be answered 401. */
    private static void tenWrongPasswords(WebFixture web, String user, String... headers) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<String> all = new ArrayList<>(List.of("Authorization", WebFixture.basic(user, "guess " + i)));
            all.addAll(List.of(headers));
            attempts.add(web.client.sendAsync(web.request("/private/secret.txt", all.toArray(String[]::new)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> a : attempts) {
            assertThat(a.get().statusCode()).isEqualTo(401);
        }
    }

    /** The status of a login to /private/ made from {@code localAddress}, another loopback address. */
    private int statusFrom(String localAddress, String user, String password) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", web.server.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /private/secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + WebFixture.basic(user, password) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String status = WebFixture.statusLine(WebFixture.readAll(socket.getInputStream()));
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private long loggedLines(String start) {
        synchronized (logged) {
            return logged.stream().filter(line -> line.startsWith(start)).count();
        }
    }

    @Test
    void tenWrongPasswordsGetA429AtOnceForThatUserFromThatAddressOnlyAndForAMinuteOnly() throws Exception {
        web.withLogin();
        WebFixture.htpasswd(web.htpasswdFile(), "-B", "other", "other password");

        tenWrongPasswords(web, WebFixture.USER);
        HttpResponse<String> eleventh = web.get("/private/secret.txt", "Authorization",
                WebFixture.basic(WebFixture.USER, "guess 10"));
        HttpResponse<String> right = web.get("/private/secret.txt", WebFixture.login());

        assertThat(eleventh.statusCode()).isEqualTo(429);
        assertThat(eleventh.headers().firstValue("Retry-After")).contains("60");
        assertThat(eleventh.body()).isEqualTo("too many wrong passwords for this user from your address; retry in"
                + " 60s\n");
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(web.get("/public/").statusCode()).isEqualTo(404);
        assertThat(privateStatus("other", "other password")).isEqualTo(200);
        assertThat(statusFrom("127.0.0.2", WebFixture.USER, WebFixture.PASSWORD)).isEqualTo(200);
        // ten failures and two refusals from one address within a minute: one line
        assertThat(loggedLines("failed login from 127.0.0.1 for user 'admin'")).isEqualTo(1);
        assertThat(loggedLines("login from 127.0.0.1 for user 'admin' refused with 429")).isZero();

        clock.advance(Duration.ofMinutes(1));
        assertThat(web.get("/private/secret.txt", WebFixture.login()).statusCode()).isEqualTo(200);
    }

    @Test
    void anXForwardedForFromAPeerThatIsNotATrustedProxyChangesNothing() throws Exception {
        web.withLogin();
        List<CompletableFuture<HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(web.client.sendAsync(web.request("/private/secret.txt", "Authorization",
                    WebFixture.basic(WebFixture.USER, "guess " + i), "X-Forwarded-For", "203.0.113." + i).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> a : attempts) {
            assertThat(a.get().statusCode()).isEqualTo(401);
        }

        assertThat(web.get("/private/secret.txt", "Authorization", WebFixture.basic(WebFixture.USER, "guess 10"),
                "X-Forwarded-For", "203.0.113.99").statusCode()).isEqualTo(429);
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsThrottledAndOthersBehindItAreNot(@TempDir Path other)
            throws Exception {
        try (WebFixture proxied = WebFixture.start(other, clock, b -> b, "trusted-proxies =", "  127.0.0.1",
                "  10.9.0.0/16")) {
            proxied.withLogin();
            proxied.write("srv/monitor/private/secret.txt", "private words\n");
            // 198.51.100.1 was written by the client itself; 10.9.0.1 is a proxy of ours
            tenWrongPasswords(proxied, WebFixture.USER, "X-Forwarded-For", "198.51.100.1, 203.0.113.5, 10.9.0.1");

            assertThat(proxied.get("/private/secret.txt", "Authorization", WebFixture.basic(WebFixture.USER,
                    WebFixture.PASSWORD), "X-Forwarded-For", "203.0.113.5").statusCode()).isEqualTo(429);
            assertThat(proxied.get("/private/secret.txt", "Authorization", WebFixture.basic(WebFixture.USER,
                    WebFixture.PASSWORD), "X-Forwarded-For", "203.0.113.6").statusCode()).isEqualTo(200);
            assertThat(proxied.get("/private/secret.txt", WebFixture.login()).statusCode()).isEqualTo(200);
            assertThat(loggedLines("failed login from 203.0.113.5 for user 'admin'")).isEqualTo(1);
        }
    }

    @Test
    void aMalformedAuthorizationHeaderIsA400AndAnotherSchemeAskForBasic() throws Exception {
        web.withLogin();
        String noColon = Base64.getEncoder().encodeToString("admin".getBytes());

        for (String header : List.of("Basic !!!not-base64", "Basic " + noColon, "Basic",
                "Basic " + "A".repeat(5000))) {
            HttpResponse<String> r = web.get("/private/secret.txt", "Authorization", header);
            assertThat(r.statusCode()).as(header).isEqualTo(400);
            assertThat(r.body()).isEqualTo("malformed Authorization header; allowed: Basic with base64 of"
                    + " user:password\n");
        }
        assertThat(web.get("/private/secret.txt", "Authorization", "Bearer abc").statusCode()).isEqualTo(401);
        assertThat(web.get("/private/secret.txt", WebFixture.login()).statusCode()).isEqualTo(200);
    }

    @Test
    void aChangedPasswordCountsAtOnceAndAVanishedFileIsA503WhilePublicFilesAreStillServed() throws Exception {
        web.withLogin();
        assertThat(privateStatus(WebFixture.USER, WebFixture.PASSWORD)).isEqualTo(200);

        HtpasswdFile.setUser(web.htpasswdFile(), WebFixture.USER, "new password".toCharArray());
        assertThat(privateStatus(WebFixture.USER, WebFixture.PASSWORD)).isEqualTo(401);
        assertThat(privateStatus(WebFixture.USER, "new password")).isEqualTo(200);

        Files.delete(web.htpasswdFile());
        HttpResponse<String> gone = web.get("/private/secret.txt", "Authorization",
                WebFixture.basic(WebFixture.USER, "new password"));
        assertThat(gone.statusCode()).isEqualTo(503);
        assertThat(gone.body()).isEqualTo("login unavailable: the password file is missing, unreadable or empty;"
                + " see the monitor's log\n");
        assertThat(web.get("/monitor.haljson").statusCode()).isEqualTo(200);

        web.withLogin();
        assertThat(privateStatus(WebFixture.USER, WebFixture.PASSWORD)).isEqualTo(200);
    }

    @Test
    void publicFilesAskForALoginWhenConfiguredAndMetricsNeedNoneWhenSwitchedOff(@TempDir Path other)
            throws Exception {
        try (WebFixture strict = WebFixture.start(other, clock, b -> b, "public-requires-auth = yes",
                "metrics-requires-auth = no")) {
            strict.withLogin();
            assertThat(strict.get("/public/").statusCode()).isEqualTo(401);
            assertThat(strict.get("/monitor.haljson").statusCode()).isEqualTo(200);
            assertThat(strict.get("/metrics").statusCode()).isEqualTo(200);
        }
    }
}
