package io.promisemonitor.promises.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.TestContexts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpPromiseTest {

    private static final String SOURCE = "web.cfg [promise]";
    private static final String MS = " in \\d+ ms";

    @TempDir
    static Path certs;

    @TempDir
    Path dir;

    private static TestServers http;
    private static TestServers https;
    private static Instant notAfter;

    private final PromiseRegistry registry = PromiseRegistry.fromClassPath();

    @BeforeAll
    static void servers() throws Exception {
        TestServers.selfSigned(certs, 3);
        try (InputStream in = Files.newInputStream(certs.resolve("server.pem"))) {
            notAfter = ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getNotAfter().toInstant();
        }
        http = TestServers.http();
        https = TestServers.https(certs.resolve("server.p12"));
    }

    @AfterAll
    static void stop() {
        http.close();
        https.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + http.port() + path;
    }

    private static String secure(String path) {
        return "https://localhost:" + https.port() + path;
    }

    private PromiseResult check(Options options) throws Exception {
        return check(options, TestContexts.in(dir));
    }

    private PromiseResult check(Options options, PromiseContext context) throws Exception {
        return registry.create("http", options.build()).check(context);
    }

    private static Options get(String url) {
        return Options.of(SOURCE).add("url", url);
    }

    @Test
    void theExpectedStatusAndBodyAreOkWithTimeAndSizeAsPerfdata() throws Exception {
        PromiseResult result = check(get(url("/ok")).add("contains", "Welcome").add("regex", "W.lcome to"));

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.message()).matches("HTTP 200 from " + url("/ok") + MS);
        assertThat(result.perfdata()).extracting(Perfdata::label).containsExactly("time", "size");
        assertThat(result.perfdata().get(1)).isEqualTo(new Perfdata("size", TestServers.BODY.length(), "B", null,
                null, "0", null));
    }

    @Test
    void anUnexpectedStatusIsAnErrorUnlessListed() throws Exception {
        PromiseResult failing = check(get(url("/fail")));
        PromiseResult expected = check(get(url("/fail")).add("status", "200, 5xx"));

        assertThat(failing.status()).isEqualTo(Status.ERROR);
        assertThat(failing.message()).matches("status 500 is not one of 200-399: HTTP 500 from " + url("/fail") + MS);
        assertThat(expected.status()).isEqualTo(Status.OK);
    }

    @Test
    void aBodyWithoutTheTextOrPatternIsAnError() throws Exception {
        PromiseResult result = check(get(url("/ok")).add("contains", "Goodbye").add("regex", "^shop"));

        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.message()).matches("the body does not contain 'Goodbye'; the body does not match '\\^shop':"
                + " HTTP 200 from " + url("/ok") + MS);
    }

    @Test
    void aSlowAnswerIsAWarning() throws Exception {
        PromiseResult result = check(get(url("/slow")).add("max-response-time", "100ms"));

        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.message()).matches("slower than max-response-time 100ms: HTTP 200 from " + url("/slow")
                + MS);
        assertThat(result.perfdata().get(0).warn()).isEqualTo("0.1");
    }

    @Test
    void noAnswerWithinTheTimeoutSaysTimeout() throws Exception {
        PromiseResult result = check(get(url("/hang")).add("timeout", "500ms"));

        assertThat(result).isEqualTo(PromiseResult.error("timeout: no answer from 127.0.0.1:" + http.port()
                + " within 500ms (" + url("/hang") + ")"));
    }

    @Test
    void aRefusedConnectionSaysConnect() throws Exception {
        int port = TestServers.closedPort();

        PromiseResult result = check(get("http://127.0.0.1:" + port + "/"));

        assertThat(result).isEqualTo(PromiseResult.error("connect: connection refused by 127.0.0.1:" + port
                + " (http://127.0.0.1:" + port + "/)"));
    }

    @Test
    void anUnknownHostSaysDns() throws Exception {
        PromiseResult result = check(get("http://nohost.invalid/health"));

        assertThat(result).isEqualTo(PromiseResult.error("DNS: cannot resolve 'nohost.invalid'"
                + " (http://nohost.invalid/health)"));
    }

    @Test
    void redirectsAreFollowedOnlyWhenAsked() throws Exception {
        PromiseResult kept = check(get(url("/moved")));
        PromiseResult followed = check(get(url("/moved")).add("follow-redirects", "yes").add("status", "200"));

        assertThat(kept.message()).matches("HTTP 302 from " + url("/moved") + MS);
        assertThat(followed.status()).isEqualTo(Status.OK);
        assertThat(followed.message()).matches("HTTP 200 from " + url("/ok") + MS);
    }

    @Test
    void basicAuthenticationComesFromAFile() throws Exception {
        Files.writeString(dir.resolve("web.auth"), TestServers.PASSWORD_LINE + "\n");
        Files.writeString(dir.resolve("bad.auth"), "no colon here\n");

        PromiseResult with = check(get(url("/private")).add("auth-file", "web.auth"));
        PromiseResult without = check(get(url("/private")));
        PromiseResult missing = check(get(url("/private")).add("auth-file", "none.auth"));
        PromiseResult malformed = check(get(url("/private")).add("auth-file", "bad.auth"));

        assertThat(with.status()).isEqualTo(Status.OK);
        assertThat(without.message()).startsWith("status 401 is not one of 200-399: ");
        assertThat(missing).isEqualTo(PromiseResult.error("auth-file " + dir.resolve("none.auth")
                + ": does not exist"));
        assertThat(malformed).isEqualTo(PromiseResult.error("auth-file " + dir.resolve("bad.auth")
                + ": its first line is not 'user:password'"));
    }

    @Test
    void aCertificateExpiringSoonIsAnErrorOrAWarningByItsLimits() throws Exception {
        Options trusted = get(secure("/ok")).add("ca-file", certs.resolve("server.pem").toString());

        PromiseResult critical = check(trusted);
        PromiseResult warning = check(get(secure("/ok")).add("ca-file", certs.resolve("server.pem").toString())
                .add("certificate-critical", "1d"));

        assertThat(critical.status()).isEqualTo(Status.ERROR);
        assertThat(critical.message()).matches("certificate expires in less than 3d: HTTP 200 from " + secure("/ok")
                + MS + "; certificate expires in 2 days \\(" + notAfter + "\\)");
        assertThat(warning.status()).isEqualTo(Status.WARNING);
        assertThat(warning.message()).startsWith("certificate expires in less than 14d: HTTP 200 from ");
        assertThat(warning.perfdata().get(2).label()).isEqualTo("certificate days");
        assertThat(warning.perfdata().get(2).value()).isBetween(2.9, 3.0);
    }

    @Test
    void daysLeftAreCountedFromTheContextsClock() throws Exception {
        MutableClock clock = MutableClock.at(notAfter.minus(Duration.ofHours(5)).toString());

        PromiseResult result = check(get(secure("/ok")).add("ca-file", certs.resolve("server.pem").toString()),
                TestContexts.in(dir, clock));

        assertThat(result.message()).endsWith("; certificate expires in 5 hours (" + notAfter + ")");
    }

    @Test
    void anUntrustedCertificateSaysTls() throws Exception {
        PromiseResult result = check(get(secure("/ok")));

        assertThat(result).isEqualTo(PromiseResult.error("TLS: the certificate of localhost:" + https.port()
                + " is not trusted (no path to a trusted CA; for a private CA or a self-signed certificate, give it"
                + " with ca-file) (" + secure("/ok") + ")"));
    }

    @Test
    void aCertificateForAnotherHostSaysTls() throws Exception {
        String byAddress = "https://127.0.0.1:" + https.port() + "/ok";

        PromiseResult result = check(get(byAddress).add("ca-file", certs.resolve("server.pem").toString()));

        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.message()).isEqualTo("TLS: the certificate of 127.0.0.1:" + https.port() + " is not for"
                + " this host (No subject alternative names matching IP address 127.0.0.1 found) (" + byAddress + ")");
    }

    @Test
    void aCaFileWithoutCertificatesIsAClearError() throws Exception {
        Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

        PromiseResult result = check(get(secure("/ok")).add("ca-file", "empty.pem"));

        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.message()).startsWith("ca-file " + dir.resolve("empty.pem") + ": ")
                .doesNotContain("Exception");
    }

    @Test
    void everyBadOptionIsNamedWithWhatIsAllowed() {
        assertThat(problem(Options.of(SOURCE)))
                .isEqualTo(SOURCE + ": option 'url' is required; allowed: an http:// or https:// URL");
        assertThat(problem(get("ftp://example.com/file")))
                .isEqualTo(SOURCE + ": option 'url' is 'ftp://example.com/file', allowed: an http:// or https:// URL"
                        + " with a host, such as https://example.com/health");
        assertThat(problem(get("http//example.com")))
                .isEqualTo(SOURCE + ": option 'url' is 'http//example.com', allowed: an http:// or https:// URL with"
                        + " a host, such as https://example.com/health");
        assertThat(problem(get("http://exa mple.com/")))
                .isEqualTo(SOURCE + ": option 'url' is 'http://exa mple.com/', allowed: an http:// or https:// URL"
                        + " with a host, such as https://example.com/health");
        assertThat(problem(get(url("/")).add("status", "700")))
                .isEqualTo(SOURCE + ": option 'status' is '700', allowed: status codes from 100 to 599, ranges or"
                        + " classes, such as 200, 200-299, 2xx or 200,301-302");
        assertThat(problem(get(url("/")).add("timeout", "0s")))
                .isEqualTo(SOURCE + ": option 'timeout' is '0s', allowed: a duration from 1ms to 10m, such as 10s");
        assertThat(problem(get(url("/")).add("timeout", "soon")))
                .isEqualTo(SOURCE + ": option 'timeout': 'soon' is not a duration; allowed: a whole number with a"
                        + " unit ms, s, m, h or d, such as 20s, 5m, 1h");
        assertThat(problem(get(url("/")).add("certificate-critical", "20d")))
                .isEqualTo(SOURCE + ": option 'certificate-critical' (20d) is above option 'certificate-warning'"
                        + " (14d); allowed: certificate-critical at most certificate-warning");
        assertThat(problem(get(url("/")).add("follow-redirects", "maybe")))
                .isEqualTo(SOURCE + ": option 'follow-redirects' is 'maybe', allowed: yes or no");
        assertThat(problem(get(url("/")).add("regex", "(")))
                .isEqualTo(SOURCE + ": option 'regex' is '(', allowed: a Java regular expression (Unclosed group"
                        + " near index 1)");
        assertThat(problem(get(url("/")).add("password", "x")))
                .startsWith(SOURCE + ": unknown option 'password'; allowed: auth-file, ca-file, ");
    }

    private String problem(Options options) {
        try {
            registry.create("http", options.build());
            return "no problem";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
