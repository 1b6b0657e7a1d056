package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard shows is what is there, in a real headless chromium: links that resolve, counts that agree with
 * the rows, and a Rerun button that says what happened wherever the page is served from.
 */
class DashboardTruthBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String COUNTS = "document.getElementById('counts').innerText.replace(/\\s+/g, ' ')";

    @TempDir
    Path dir;

    /** Near the real time: the page compares dates with the browser's clock (the server's Date header). */
    private final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS),
            ZoneOffset.UTC);
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestInstance instance;
    private PromiseExecutor executor;
    private Dashboard dashboard;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Runs every service once at the clock's time and renders the dashboard. */
    private void runAndRender() throws Exception {
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        open.add(executor); // last; a WebFixture closes it too, which does no harm
        PromiseExecutor.prepareFolders(instance.monitor());
        dashboard = Dashboard.attach(executor, clock);
        open.add(0, dashboard);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        dashboard.renderNow();
    }

    private WebFixture serve() throws Exception {
        WebFixture web = WebFixture.start(instance, executor, InProcessBackend.of(executor), clock, b -> b)
                .withLogin();
        open.add(0, web);
        return web;
    }

    private Chromium browser() {
        Chromium browser = Chromium.launch(dir.resolve("profile"));
        open.add(0, browser);
        return browser;
    }

    @Test
    void everyLinkOfEveryRowResolvesAndOnlyServicesWithPrivatePathsLinkToPrivateFiles() throws Exception {
        // a folder link opens only as a listing (or its index.html): without one, every folder link is a 404
        instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no", "httpd-port = 0",
                "directory-listing = yes");
        Files.createDirectories(dir.resolve("box/var/log"));
        instance.service("logs", "title = Logs", "private-path-list = $instance/var/log");
        instance.script("logs", "echo '{\"message\": \"fine\"}'");
        instance.service("plain", "title = Plain");
        instance.script("plain", "echo '{\"message\": \"fine\"}'");
        runAndRender();
        WebFixture web = serve();
        Chromium browser = browser();
        browser.logIn(WebFixture.USER, WebFixture.PASSWORD);

        browser.navigate(web.server.url().toString());

        assertThat(browser.evaluate("Array.from(document.querySelectorAll('tr.service')).map(r => r.dataset.service"
                + " + ': ' + Array.from(r.querySelectorAll('.links a')).map(a => a.textContent).join(', '))")
                .toString()).isEqualTo("[\"logs: status JSON, history JSON, private files, RSS\","
                        + "\"plain: status JSON, history JSON, RSS\"]");
        JsonNode answers = browser.evaluate("Promise.all(Array.from(document.querySelectorAll('tr.service .links a'))"
                + ".map(a => fetch(a.href, {credentials: 'same-origin'}).then(r => r.status + ' '"
                + " + new URL(a.href).pathname)))");
        List<String> failed = new ArrayList<>();
        answers.forEach(a -> {
            if (!a.asText().startsWith("200 ")) {
                failed.add(a.asText());
            }
        });
        assertThat(failed).as("links of the rows that do not resolve").isEmpty();
        browser.navigate(web.server.url().resolve("service/plain.html").toString());
        assertThat(browser.text("Array.from(document.querySelectorAll('.links a')).map(a => a.textContent)"
                + ".join(', ')")).isEqualTo("status JSON, history JSON");
    }

    @Test
    void theStaleCountFollowsTheRowsThePageMarksStaleAsTimePasses() throws Exception {
        instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no", "httpd-port = 0",
                "dashboard-refresh = 1s");
        // stale 2 x 60 s + 1 s after its run
        instance.service("soon-stale", "timeout = 1s");
        instance.script("soon-stale", "echo '{\"message\": \"fine\"}'");
        instance.service("fresh", "frequency = @daily");
        instance.script("fresh", "echo '{\"message\": \"fine\"}'");
        // The server renders at the time of the runs, when every row is fresh; the page is read ten minutes later
        // (the browser's clock), when the runs every minute have stopped: as after an executor died.
        clock.set(Instant.now().minusSeconds(600));
        runAndRender();
        WebFixture web = serve();
        assertThat(web.get("/index.html").body()).contains("<li class=\"s-stale\"><span class=\"n\">0</span> STALE</li>")
                .doesNotContain("stale-badge");
        Chromium browser = browser();

        browser.navigate(web.server.url().toString());

        browser.waitFor("document.querySelector('tr[data-service=soon-stale]').classList.contains('stale')", WAIT);
        browser.waitFor(COUNTS + ".endsWith('1 STALE')", Duration.ofSeconds(5));
        assertThat(browser.text(COUNTS)).isEqualTo("0 ERROR 0 UNKNOWN 0 WARNING 0 PENDING 2 OK 1 STALE");
    }

    @Test
    void onAPlainStaticServerTheRerunButtonSaysRerunIsNotAvailableHere() throws Exception {
        instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no");
        instance.service("fine", "title = Always fine");
        instance.script("fine", "echo '{\"message\": \"all good\"}'");
        runAndRender();
        HttpServer statics = staticServer(instance.monitor().webFolder(), instance.monitor().publicFolder());
        open.add(0, () -> statics.stop(0));
        Chromium browser = browser();

        browser.navigate("http://127.0.0.1:" + statics.getAddress().getPort() + "/");
        browser.click("tr[data-service=fine] form.rerun button");

        browser.waitFor("document.querySelector('tr[data-service=fine] .rerun-state').textContent != ''"
                + " && !document.querySelector('tr[data-service=fine] .rerun-state').textContent.startsWith('asking')",
                WAIT);
        assertThat(browser.text("document.querySelector('tr[data-service=fine] .rerun-state').textContent"))
                .isEqualTo("rerun is not available here");
    }

    @Test
    void withoutJavaScriptARerunEndsOnAPageSayingWhatHappenedThatLinksBack() throws Exception {
        instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no", "httpd-port = 0");
        instance.service("fine", "title = Always fine", "frequency = @yearly");
        instance.script("fine", "echo '{\"message\": \"all good\"}'");
        runAndRender();
        WebFixture web = serve();
        Chromium browser = browser();
        browser.logIn(WebFixture.USER, WebFixture.PASSWORD);
        browser.javaScript(false);
        browser.navigate(web.server.url().toString());

        browser.click("tr[data-service=fine] form.rerun button");

        browser.waitFor("document.getElementById('rerun-answer') != null", WAIT);
        assertThat(browser.text("document.getElementById('rerun-answer').textContent"))
                .isEqualTo("The run is queued: its result will show on the dashboard within moments.");
        assertThat(browser.text("document.title")).isEqualTo("Rerun of fine");
        assertThat(browser.text("location.pathname")).isEqualTo("/cgi-bin/monitor-run-promise.cgi");
        // The click aims at the link's place on screen: under load, the page's style sheet may still move it.
        browser.waitFor("document.readyState === 'complete'", WAIT);
        browser.click("#back");
        browser.waitFor("document.querySelector('tr[data-service=fine]') != null", WAIT);
        assertThat(browser.text("location.pathname + location.hash")).isEqualTo("/index.html#s-fine");
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }

    /**
     * A plain static file server, as a site without the monitor's web server has: GET of files only, and for
     * anything else its own HTML error page.
     */
    private static HttpServer staticServer(Path web, Path publicFolder) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                Path base = path.startsWith("/public/") ? publicFolder : web;
                String rest = path.startsWith("/public/") ? path.substring("/public/".length()) : path.substring(1);
                Path file = base.resolve(rest.isEmpty() ? "index.html" : rest).normalize();
                if (exchange.getRequestMethod().equals("GET") && file.startsWith(base) && Files.isRegularFile(file)) {
                    send(exchange, 200, type(file), Files.readAllBytes(file));
                } else {
                    send(exchange, 404, "text/html", ("<html><head><title>404 Not Found</title></head><body>"
                            + "<h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        server.start();
        return server;
    }

    private static String type(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".html") ? "text/html; charset=utf-8" : name.endsWith(".js") ? "text/javascript"
                : name.endsWith(".css") ? "text/css" : name.endsWith(".json") ? "application/json"
                : "application/octet-stream";
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
