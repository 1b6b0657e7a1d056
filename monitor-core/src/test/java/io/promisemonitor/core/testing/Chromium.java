package io.promisemonitor.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Debian chromium, driven over the Chrome DevTools Protocol with the JDK's own WebSocket client:
 * no WebDriver, no extra dependency. One page per instance.
 *
 * <pre>{@code
 * try (Chromium browser = Chromium.launch(tempDir)) {
 *     browser.navigate("http://127.0.0.1:" + port + "/");
 *     browser.waitFor("document.querySelectorAll('tr.service').length == 3", Duration.ofSeconds(10));
 *     browser.screenshot(Path.of("target/dashboard.png"));
 * }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private volatile String[] credentials;
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final List<String> console = new CopyOnWriteArrayList<>();
    /** The JDK's WebSocket allows one send at a time: each waits for the one before. */
    private CompletableFuture<WebSocket> lastSend;

    private record Waiter(Predicate<JsonNode> match, CompletableFuture<JsonNode> done) {
    }

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
        this.lastSend = CompletableFuture.completedFuture(socket);
    }

    private synchronized CompletableFuture<WebSocket> write(String text) {
        lastSend = lastSend.handle((ws, failure) -> socket).thenCompose(ws -> ws.sendText(text, true));
        return lastSend;
    }

    /** Starts chromium with its profile in {@code profile} (a temp folder) and a 1280 x 900 window. */
    public static Chromium launch(Path profile) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install the Debian package chromium"
                    + " (bin/test installs it)");
        }
        List<String> argv = List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-extensions", "--no-first-run",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--window-size=1280,900",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile.toAbsolutePath(), "about:blank");
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            // Chromium logs to stderr all its life: keep reading so it never blocks on a full pipe.
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        browserUrl.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                browserUrl.completeExceptionally(e);
            }
            browserUrl.completeExceptionally(new IOException("chromium ended before listening"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            URI browser = URI.create(browserUrl.get(STEP.toSeconds(), TimeUnit.SECONDS));
            HttpClient http = HttpClient.newHttpClient();
            URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
            String page = null;
            long deadline = System.nanoTime() + STEP.toNanos();
            while (page == null && System.nanoTime() < deadline) {
                JsonNode targets = MAPPER.readTree(http.send(HttpRequest.newBuilder(list).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) {
                        page = t.path("webSocketDebuggerUrl").asText();
                        break;
                    }
                }
            }
            if (page == null) {
                throw new AssertionError("chromium shows no page target at " + list);
            }
            Chromium[] self = new Chromium[1];
            Listener listener = new Listener(self);
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page), listener)
                    .get(STEP.toSeconds(), TimeUnit.SECONDS);
            self[0] = new Chromium(process, socket);
            self[0].send("Page.enable", Map.of());
            self[0].send("Runtime.enable", Map.of());
            return self[0];
        } catch (IOException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("cannot drive chromium: " + e, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting chromium", e);
        }
    }

    /** Collects a message split over frames, then hands it to the page's instance. */
    private static final class Listener implements WebSocket.Listener {
        private final Chromium[] owner;
        private final StringBuilder text = new StringBuilder();

        Listener(Chromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (owner[0] != null) {
                    owner[0].dispatch(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private void dispatch(String message) {
        try {
            JsonNode node = MAPPER.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
                if (f != null) {
                    if (node.has("error")) {
                        f.completeExceptionally(new AssertionError("DevTools error: " + node.get("error")));
                    } else {
                        f.complete(node.path("result"));
                    }
                }
                return;
            }
            if ("Runtime.consoleAPICalled".equals(node.path("method").asText())) {
                StringBuilder line = new StringBuilder(node.path("params").path("type").asText()).append(':');
                for (JsonNode arg : node.path("params").path("args")) {
                    line.append(' ').append(arg.path("value").asText(arg.path("description").asText()));
                }
                console.add(line.toString());
            }
            if ("Runtime.exceptionThrown".equals(node.path("method").asText())) {
                console.add("exception: " + node.path("params").path("exceptionDetails"));
            }
            String method = node.path("method").asText();
            if (method.equals("Fetch.requestPaused")) {
                sendAsync("Fetch.continueRequest", Map.of("requestId", node.path("params").path("requestId").asText()));
            } else if (method.equals("Fetch.authRequired")) {
                // What a user does at the browser's login dialog: types the login, or dismisses it (the page
                // then gets the 401).
                String[] login = credentials;
                Map<String, String> answer = login == null ? Map.of("response", "CancelAuth")
                        : Map.of("response", "ProvideCredentials", "username", login[0], "password", login[1]);
                sendAsync("Fetch.continueWithAuth", Map.of("requestId", node.path("params").path("requestId").asText(),
                        "authChallengeResponse", answer));
            }
            for (Waiter w : waiters) {
                if (w.match.test(node)) {
                    waiters.remove(w);
                    w.done.complete(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command without waiting (from the socket's own thread, which must not block). */
    private void sendAsync(String method, Map<String, ?> params) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("id", ids.incrementAndGet());
        message.put("method", method);
        message.set("params", MAPPER.valueToTree(params));
        write(message.toString());
    }

    /** Dismisses every HTTP login dialog, as a user who cancels it: the page then sees the 401 answer. */
    public void dismissLoginDialogs() {
        credentials = null;
        send("Fetch.enable", Map.of("handleAuthRequests", true, "patterns", List.of(Map.of("urlPattern", "*"))));
    }

    /**
     * Answers every HTTP login dialog with this login, as a user who types it; the browser then sends it to that
     * server only, as it does for a login typed in.
     */
    public void logIn(String user, String password) {
        credentials = new String[] {user, password};
        send("Fetch.enable", Map.of("handleAuthRequests", true, "patterns", List.of(Map.of("urlPattern", "*"))));
    }

    /** Sends one DevTools command and waits for its result. */
    public JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        ObjectNode message = MAPPER.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", MAPPER.valueToTree(params));
        write(message.toString()).join();
        try {
            return result.get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(method + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(method + ": no answer from chromium within " + STEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Loads {@code url} and waits for its load event. */
    public void navigate(String url) {
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        waiters.add(new Waiter(n -> "Page.loadEventFired".equals(n.path("method").asText()), loaded));
        JsonNode result = send("Page.navigate", Map.of("url", url));
        if (result.has("errorText")) {
            throw new AssertionError("cannot load " + url + ": " + result.get("errorText").asText());
        }
        try {
            loaded.get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("page " + url + " did not finish loading: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("script failed: " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    public String text(String expression) {
        return evaluate(expression).asText();
    }

    /** Polls {@code condition} (a JavaScript expression) until it is true or {@code limit} has passed. */
    public void waitFor(String condition, Duration limit) {
        Eventually.await("in chromium: " + condition + " (console: " + console + ")", limit,
                () -> evaluate("Boolean(" + condition + ")").asBoolean());
    }

    /** Clicks the centre of the first element matching {@code selector} with real mouse events. */
    public void click(String selector) {
        JsonNode box = evaluate("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
        if (box.isNull() || box.isMissingNode()) {
            throw new AssertionError("nothing to click: " + selector);
        }
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x").asDouble(), "y",
                    box.get("y").asDouble(), "button", "left", "clickCount", 1));
        }
    }

    /** Focuses {@code selector} and types {@code text} as keyboard input. */
    public void type(String selector, String text) {
        evaluate("document.querySelector(" + quote(selector) + ").focus()");
        send("Input.insertText", Map.of("text", text));
    }

    public void javaScript(boolean enabled) {
        send("Emulation.setScriptExecutionDisabled", Map.of("value", !enabled));
    }

    /** Sets the viewport; {@code mobile} makes it a phone's (touch, device-width). */
    public void viewport(int width, int height, boolean mobile) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", mobile));
    }

    public void colorScheme(String scheme) {
        send("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme",
                "value", scheme))));
    }

    /** Saves a PNG of the whole page. */
    public void screenshot(Path png) {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console lines and uncaught exceptions of the page so far. */
    public List<String> console() {
        return new ArrayList<>(console);
    }

    public static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the process is killed below anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
