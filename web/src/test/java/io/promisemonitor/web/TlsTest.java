package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");

    /** Runs {@code openssl}; fails, naming the package, when it is not installed. */
    static void openssl(Path workdir, String... args) throws Exception {
        Path program = Path.of("/usr/bin/openssl");
        assertThat(Files.isExecutable(program)).as("/usr/bin/openssl is missing: apt-get install openssl").isTrue();
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** A self-signed certificate for 127.0.0.1 and its key, {@code <name>.crt} and {@code <name>.key}. */
    static void selfSigned(Path workdir, String name, String... keyOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", name + ".key", "-out",
                name + ".crt"));
        args.addAll(List.of(keyOptions));
        openssl(workdir, args.toArray(new String[0]));
    }

    static HttpClient trusting(Path certificate, HttpClient.Version version) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("monitor", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(version).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void aPemCertificateAndKeyGiveHttpsAndHttp2ToClientsThatOfferIt() throws Exception {
        selfSigned(dir, "rsa", "-newkey", "rsa:2048");
        try (WebFixture web = WebFixture.start(dir.resolve("instance"), clock, b -> b,
                "tls-certificate = " + dir.resolve("rsa.crt"), "tls-key = " + dir.resolve("rsa.key"))) {
            URI url = web.server.url();
            assertThat(url.toString()).isEqualTo("https://127.0.0.1:" + web.server.port() + "/");

            HttpResponse<String> h2 = trusting(dir.resolve("rsa.crt"), HttpClient.Version.HTTP_2).send(
                    HttpRequest.newBuilder(url.resolve("monitor.haljson")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(h2.statusCode()).isEqualTo(200);
            assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(h2.headers().firstValue("content-type")).contains("application/hal+json");

            HttpResponse<String> h1 = trusting(dir.resolve("rsa.crt"), HttpClient.Version.HTTP_1_1).send(
                    HttpRequest.newBuilder(url.resolve("private/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(h1.statusCode()).isEqualTo(401);
            assertThat(web.server.warnings()).isEmpty();
        }
    }

    @Test
    void anEllipticCurveKeyWorksToo() throws Exception {
        selfSigned(dir, "ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
        try (WebFixture web = WebFixture.start(dir.resolve("instance"), clock, b -> b,
                "tls-certificate = " + dir.resolve("ec.crt"), "tls-key = " + dir.resolve("ec.key"))) {
            HttpResponse<String> r = trusting(dir.resolve("ec.crt"), HttpClient.Version.HTTP_2).send(
                    HttpRequest.newBuilder(web.server.url().resolve("monitor.haljson")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unusableKeysAndCertificatesAreRefusedAtStartWithTheReason() throws Exception {
        selfSigned(dir, "one", "-newkey", "rsa:2048");
        selfSigned(dir, "two", "-newkey", "rsa:2048");
        openssl(dir, "rsa", "-in", "one.key", "-traditional", "-out", "pkcs1.key");
        Files.writeString(dir.resolve("empty.crt"), "nothing here\n");

        assertThat(startError("tls-certificate = " + dir.resolve("one.crt"), "tls-key = " + dir.resolve("two.key")))
                .endsWith("tls-key " + dir.resolve("two.key") + " is not the key of tls-certificate "
                        + dir.resolve("one.crt"));
        assertThat(startError("tls-certificate = " + dir.resolve("one.crt"), "tls-key = " + dir.resolve("pkcs1.key")))
                .endsWith("tls-key " + dir.resolve("pkcs1.key") + ": a 'RSA PRIVATE KEY' block; allowed: an"
                        + " unencrypted PKCS#8 key ('-----BEGIN PRIVATE KEY-----'): convert it with"
                        + " 'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW'");
        assertThat(startError("tls-certificate = " + dir.resolve("empty.crt"), "tls-key = " + dir.resolve("one.key")))
                .endsWith("tls-certificate " + dir.resolve("empty.crt") + ": no '-----BEGIN CERTIFICATE-----' block;"
                        + " allowed: a PEM certificate chain, the server's certificate first");
        assertThat(startError("tls-certificate = " + dir.resolve("one.crt")))
                .endsWith("tls-certificate is set without tls-key; allowed: both (HTTPS) or neither (HTTP)");
    }

    private String startError(String... conf) throws Exception {
        Path root = Files.createTempDirectory(dir, "instance");
        List<String> lines = new ArrayList<>(List.of(conf));
        if (lines.stream().noneMatch(l -> l.startsWith("httpd-port"))) {
            lines.add("httpd-port = 0");
        }
        TestInstance instance = TestInstance.create(root, lines.toArray(new String[0]));
        try (var backend = io.promisemonitor.cgi.SpoolBackend.of(instance.monitor(), clock)) {
            ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> MonitorServer.start(instance.monitor(), backend));
            assertThat(e).isNotNull();
            return e.getMessage();
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutTlsIsWarnedAbout() {
        TestInstance open = TestInstance.create(dir.resolve("open"), "httpd-address = 0.0.0.0");
        TestInstance v6 = TestInstance.create(dir.resolve("v6"), "monitor-httpd-ipv6 = ::1",
                "monitor-httpd-port = 9000");

        assertThat(WebSettings.of(open.monitor()).warnings()).containsExactly("the web server listens on 0.0.0.0,"
                + " which is not a loopback address, without TLS: passwords and pages cross the network in clear;"
                + " set tls-certificate and tls-key, or put an HTTPS proxy in front and listen on 127.0.0.1");
        assertThat(WebSettings.of(v6.monitor()).warnings()).isEmpty();
        assertThat(WebSettings.of(v6.monitor()).url(9000).toString()).isEqualTo("http://[::1]:9000/");
        assertThatThrownBy(() -> TestInstance.create(dir.resolve("bad"), "httpd-address = 10.0.0.1/24").monitor())
                .isInstanceOf(ConfigException.class).hasMessageEndingWith("httpd-address '10.0.0.1/24' is not an"
                        + " address; allowed: an IPv4 or IPv6 address such as 127.0.0.1 or ::1, or a host name");
    }

    @Test
    void theServerListensOnIpv6Loopback() throws Exception {
        try (WebFixture web = WebFixture.start(dir.resolve("instance"), clock, b -> b, "httpd-address = [::1]")) {
            assertThat(web.server.url().getHost()).isEqualTo("[::1]");
            HttpResponse<String> r = web.client.send(HttpRequest.newBuilder(web.server.url().resolve(
                    "monitor.haljson")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsOneClearLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            String message = startError("httpd-port = " + taken.getLocalPort());
            assertThat(message).contains("cannot listen on 127.0.0.1 port " + taken.getLocalPort() + ": ")
                    .endsWith("; set httpd-address and httpd-port");
        }
    }
}
