package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.cgi.RerunBackend;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.TestInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A real server on a free loopback port over a real instance, with an HTTP client and a raw-socket client. */
final class WebFixture implements AutoCloseable {

    static final String USER = "admin";
    static final String PASSWORD = "s3cret-Pass";

    final TestInstance instance;
    final PromiseExecutor executor;
    final MonitorServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> closing = new ArrayList<>();

    private WebFixture(TestInstance instance, PromiseExecutor executor, MonitorServer server) {
        this.instance = instance;
        this.executor = executor;
        this.server = server;
    }

    /**
     * Starts the executor (one tick: statuses, monitor.haljson, links) and the server with reruns going to that
     * executor; {@code conf} lines are added to monitor.conf after {@code httpd-port = 0}.
     */
    static WebFixture start(Path dir, Clock clock, UnaryOperator<MonitorServer.Builder> options, String... conf)
            throws Exception {
        String[] lines = new String[conf.length + 1];
        lines[0] = "httpd-port = 0";
        System.arraycopy(conf, 0, lines, 1, conf.length);
        TestInstance instance = TestInstance.create(dir, lines);
        return start(instance, clock, options);
    }

    static WebFixture start(TestInstance instance, Clock clock, UnaryOperator<MonitorServer.Builder> options)
            throws Exception {
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        executor.tick();
        assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
        return start(instance, executor, InProcessBackend.of(executor), clock, options);
    }

    static WebFixture start(TestInstance instance, PromiseExecutor executor, RerunBackend backend, Clock clock,
            UnaryOperator<MonitorServer.Builder> options) {
        MonitorServer server = options.apply(MonitorServer.builder(instance.monitor(), backend).clock(clock)).start();
        WebFixture f = new WebFixture(instance, executor, server);
        f.closing.add(backend);
        return f;
    }

    URI uri(String path) {
        return server.url().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String... headers) throws Exception {
        return client.send(request(path, headers).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        return client.send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String[] login() {
        return new String[] {"Authorization", basic(USER, PASSWORD)};
    }

    /** Sends {@code request} as written on a fresh connection and returns everything the server answered. */
    String raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what was read is the answer
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status line of a raw answer. */
    static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }

    /** Runs Apache's own {@code htpasswd}; fails, naming the package, when it is not installed. */
    static void htpasswd(Path file, String format, String user, String password) throws Exception {
        Path program = Path.of("/usr/bin/htpasswd");
        assertThat(Files.isExecutable(program)).as("/usr/bin/htpasswd is missing: apt-get install apache2-utils")
                .isTrue();
        List<String> command = new ArrayList<>(List.of(program.toString(), "-b"));
        if (!Files.exists(file)) {
            command.add("-c");
        }
        command.add(format);
        command.addAll(List.of(file.toString(), user, password));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    Path htpasswdFile() {
        return instance.root().resolve("etc/monitor.htpasswd");
    }

    /** The default user, as bcrypt, in the instance's htpasswd file. */
    WebFixture withLogin() throws Exception {
        htpasswd(htpasswdFile(), "-B", USER, PASSWORD);
        return this;
    }

    Path write(String relative, String text) {
        return instance.write(relative, text);
    }

    @Override
    public void close() {
        server.close();
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (executor != null) {
            executor.close();
        }
    }
}
