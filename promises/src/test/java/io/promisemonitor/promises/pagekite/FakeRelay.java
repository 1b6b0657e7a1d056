package io.promisemonitor.promises.pagekite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A PageKite front-end relay on a free loopback port, answering as {@link #answer} says, and a crash-report
 * endpoint at {@code /report} that keeps what it is sent.
 */
final class FakeRelay implements AutoCloseable {

    /** The body of the relay's offline page, as REFERENCE.md describes it. */
    static final String OFFLINE_PAGE = "<html><frameset><frame src=\"https://pagekite.net/offline/?&where=FE"
            + "&proto=http&domain=kite.test\"></frameset></html>";

    enum Answer { FLYING, OFFLINE_PAGE, DOWN_FE_HEADER, DOWN_BE, HANG }

    record Upload(String contentType, byte[] body) {
    }

    volatile Answer answer = Answer.FLYING;
    volatile int uploadStatus = 200;
    /** Whether the report endpoint, once it has read an upload, keeps the client waiting for its answer. */
    volatile boolean uploadHangs;
    final List<Upload> uploads = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<ServerSocket> sockets = new CopyOnWriteArrayList<>();

    FakeRelay() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::kite);
        server.createContext("/report", e -> {
            uploads.add(new Upload(e.getRequestHeaders().getFirst("Content-Type"), e.getRequestBody().readAllBytes()));
            if (uploadHangs) {
                hang();
            }
            send(e, uploadStatus, "thanks");
        });
        server.start();
    }

    private void kite(HttpExchange e) throws IOException {
        switch (answer) {
            case FLYING:
                send(e, 200, "Welcome to the kite");
                break;
            case OFFLINE_PAGE:
                send(e, 503, OFFLINE_PAGE);
                break;
            case DOWN_FE_HEADER:
                e.getResponseHeaders().add("X-PageKite-Status", "Down-FE");
                send(e, 503, "Kite unavailable");
                break;
            case DOWN_BE:
                send(e, 503, OFFLINE_PAGE.replace("where=FE", "where=BE"));
                break;
            default:
                hang();
                send(e, 200, "late");
        }
    }

    /** Until the relay closes, or 30 s. */
    private void hang() {
        try {
            closing.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange e, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(code, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

    /**
     * A port that answers anything, a TLS handshake included, with a plain-text HTTP error: what a client gets
     * from a captive portal or a proxy in the way.
     */
    int plainTextPort() throws IOException {
        ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        threads.submit(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
            return null;
        });
        return socket.getLocalPort();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI reportUrl() {
        return url().resolve("/report");
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        closing.countDown();
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
