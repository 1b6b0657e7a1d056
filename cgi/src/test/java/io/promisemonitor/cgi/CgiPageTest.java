package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped CGI script answers a browser's form POST (no JavaScript) with a page, and the script with JSON. */
class CgiPageTest {

    @TempDir
    Path dir;

    private static Map<String, String> formPost(TestInstance instance, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONITOR_INSTANCE", instance.root().toString());
        env.put("MONITOR_JAR", System.getProperty("java.class.path"));
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", "POST");
        env.put("QUERY_STRING", "service=" + service);
        env.put("CONTENT_TYPE", "application/x-www-form-urlencoded");
        env.put("CONTENT_LENGTH", "0");
        env.put("HTTP_ACCEPT", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        env.put("HTTP_HOST", "monitor.example.net");
        env.put("HTTP_ORIGIN", "http://monitor.example.net");
        env.put("REMOTE_USER", "admin");
        return env;
    }

    @Test
    void aFormPostGetsAPageSayingTheRunIsQueuedThatLinksBack() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed");

        CgiScriptTest.Output out = CgiScriptTest.run(formPost(instance, "fine"));

        assertThat(out.head()).startsWith("Status: 202 Accepted\r\nContent-Type: text/html; charset=utf-8\r\n");
        assertThat(out.body()).contains(
                "<p id=\"rerun-answer\">The run is queued: its result will show on the dashboard within moments.</p>",
                "<a id=\"back\" href=\"../index.html#s-fine\">Back to the dashboard</a>");
    }

    @Test
    void aRefusedFormPostGetsAPageSayingWhy() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "frequency = @yearly", "promise = test-fixed");

        CgiScriptTest.Output out = CgiScriptTest.run(formPost(instance, "ghost"));

        assertThat(out.head()).startsWith("Status: 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\n");
        assertThat(out.body()).contains("<p id=\"rerun-answer\">Not run: unknown service &#39;ghost&#39; (HTTP 404)</p>");
    }
}
