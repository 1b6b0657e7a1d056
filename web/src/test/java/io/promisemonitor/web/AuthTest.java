package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.web.auth.HtpasswdFile;
import java.io.InputStream;
import java.net.http.HttpResponse;
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

    @Test
    void tenFailuresFromOneAddressShutItOutUntilTheWindowIsOver() throws Exception {
        web.withLogin();
        List<CompletableFuture<HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attempts.add(web.client.sendAsync(web.request("/private/secret.txt", "Authorization",
                    WebFixture.basic(WebFixture.USER, "guess " + i)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> a : attempts) {
            assertThat(a.get().statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = web.get("/private/secret.txt", WebFixture.login());
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).contains("600");
        assertThat(locked.body()).isEqualTo("too many failed logins from your address; retry in 600s\n");
        assertThat(web.get("/public/").statusCode()).isEqualTo(404);

        clock.advance(Duration.ofMinutes(10));
        assertThat(web.get("/private/secret.txt", WebFixture.login()).statusCode()).isEqualTo(200);
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
