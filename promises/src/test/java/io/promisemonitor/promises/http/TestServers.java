package io.promisemonitor.promises.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.promisemonitor.promises.Plugins;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A real HTTP(S) server on a free loopback port, with the answers the tests need. */
public final class TestServers implements AutoCloseable {

    public static final String BODY = "Welcome to the shop";
    static final String PASSWORD_LINE = "user:secret";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Released at close, so a hanging answer never outlives its test. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestServers(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/ok", e -> answer(e, 200, BODY));
        server.createContext("/fail", e -> answer(e, 500, "oops"));
        server.createContext("/moved", e -> {
            e.getResponseHeaders().add("Location", "/ok");
            answer(e, 302, "");
        });
        server.createContext("/slow", e -> {
            await(300);
            answer(e, 200, BODY);
        });
        server.createContext("/hang", e -> {
            await(30_000);
            answer(e, 200, BODY);
        });
        server.createContext("/private", e -> {
            String expected = "Basic " + Base64.getEncoder().encodeToString(PASSWORD_LINE.getBytes(
                    StandardCharsets.UTF_8));
            answer(e, expected.equals(e.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, BODY);
        });
        server.start();
    }

    public static TestServers http() throws IOException {
        return new TestServers(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** HTTPS with the certificate in {@code keyStore} (PKCS12, password {@code changeit}). */
    static TestServers https(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new TestServers(server);
    }

    /**
     * A self-signed certificate for {@code localhost} valid {@code days} days, made with the JDK's keytool: the
     * key store in {@code dir/server.p12}, the certificate as PEM in {@code dir/server.pem}.
     */
    static void selfSigned(Path dir, int days) throws Exception {
        Path keytool = Plugins.require(Path.of(System.getProperty("java.home"), "bin", "keytool"), "openjdk-17-jdk");
        Path store = dir.resolve("server.p12");
        Plugins.Output made = Plugins.run(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg",
                "RSA", "-keysize", "2048", "-validity", Integer.toString(days), "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit"));
        if (made.code() != 0) {
            throw new IllegalStateException("keytool -genkeypair failed: " + made.stdout());
        }
        Plugins.Output exported = Plugins.run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "server",
                "-keystore", store.toString(), "-storepass", "changeit", "-file",
                dir.resolve("server.pem").toString()));
        if (exported.code() != 0) {
            throw new IllegalStateException("keytool -exportcert failed: " + exported.stdout());
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A loopback port nothing listens on (bound, then freed). */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void await(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange e, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            e.getResponseBody().write(bytes);
        }
        e.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
