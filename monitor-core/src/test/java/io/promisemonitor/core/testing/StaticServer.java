package io.promisemonitor.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.promisemonitor.core.config.MonitorConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * STAND-IN, TEST ONLY, until the real web server (the web module's Undertow server) lands: serves an instance's web
 * folder at {@code /}, its public folder at {@code /public/} and its private folder at {@code /private/} over the
 * JDK's HttpServer on a loopback port, with ETag / If-None-Match and the content types the real server uses. A
 * test may add a handler for the rerun endpoint and allow any origin (CORS), as a related monitor would. Once the
 * web module's server exists, the browser tests should start it instead; this class then goes.
 */
public final class StaticServer implements AutoCloseable {

    public static final String RERUN_PATH = "/cgi-bin/monitor-run-promise.cgi";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "haljson", "application/hal+json",
            "rss", "application/rss+xml",
            "png", "image/png");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean cors;

    /** One request as served: method, path, the If-None-Match it carried and the answer's status. */
    public record Request(String method, String path, String ifNoneMatch, int status) {
    }

    private StaticServer(MonitorConfig monitor) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", files(monitor.webFolder(), ""));
        server.createContext("/public/", files(monitor.publicFolder(), "/public/"));
        server.createContext("/private/", files(monitor.privateFolder(), "/private/"));
    }

    public static StaticServer serve(MonitorConfig monitor) {
        StaticServer s = new StaticServer(monitor);
        s.server.start();
        return s;
    }

    /** Answers {@code POST /cgi-bin/monitor-run-promise.cgi} with {@code handler} (the rerun contract's stand-in). */
    public StaticServer rerun(HttpHandler handler) {
        server.createContext(RERUN_PATH, exchange -> {
            try {
                handler.handle(exchange);
            } finally {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), null,
                        exchange.getResponseCode()));
                exchange.close();
            }
        });
        return this;
    }

    /** Lets pages of any origin read this server's files, as a related monitor configured for CORS does. */
    public StaticServer allowAnyOrigin() {
        cors = true;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private HttpHandler files(Path folder, String prefix) {
        return exchange -> {
            int status = 500;
            String etagAsked = exchange.getRequestHeaders().getFirst("If-None-Match");
            try {
                status = serve(exchange, folder, prefix, etagAsked);
            } finally {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), etagAsked,
                        status));
                exchange.close();
            }
        };
    }

    private int serve(HttpExchange exchange, Path folder, String prefix, String etagAsked) throws IOException {
        if (cors) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "If-None-Match");
            exchange.getResponseHeaders().set("Access-Control-Expose-Headers", "ETag");
        }
        String method = exchange.getRequestMethod();
        if (method.equals("OPTIONS")) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, HEAD");
            exchange.sendResponseHeaders(204, -1);
            return 204;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            return 405;
        }
        String path = exchange.getRequestURI().getPath().substring(prefix.isEmpty() ? 1 : prefix.length());
        if (path.isEmpty()) {
            path = "index.html";
        }
        Path root = folder.toAbsolutePath().normalize();
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || path.contains("\0")) {
            exchange.sendResponseHeaders(404, -1);
            return 404;
        }
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        if (!Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            return 404;
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String etag = "\"" + Long.toHexString(a.size()) + "-" + Long.toHexString(a.lastModifiedTime().toMillis())
                + "-" + Integer.toHexString(String.valueOf(a.fileKey()).hashCode()) + "\"";
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
        if (etag.equals(etagAsked)) {
            exchange.sendResponseHeaders(304, -1);
            return 304;
        }
        byte[] body = Files.readAllBytes(file);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return 200;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return 200;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
