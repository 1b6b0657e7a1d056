package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RerunAnswerTest {

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void aFormPostOrABrowserAskingForHtmlWantsAPageAndTheScriptAndCurlGetJson() {
        assertThat(RerunAnswer.wantsPage(BROWSER_ACCEPT, FORM)).isTrue();
        assertThat(RerunAnswer.wantsPage(null, "multipart/form-data; boundary=x")).isTrue();
        assertThat(RerunAnswer.wantsPage(BROWSER_ACCEPT, null)).isTrue();
        assertThat(RerunAnswer.wantsPage("application/json", null)).isFalse();
        assertThat(RerunAnswer.wantsPage("*/*", null)).isFalse();
        assertThat(RerunAnswer.wantsPage(null, null)).isFalse();
        assertThat(RerunAnswer.wantsPage("text/html, application/json", null)).isFalse();
    }

    @Test
    void aQueuedRerunIsAPageSayingSoThatLinksBackToTheServicesRow() {
        RerunAnswer json = RerunAnswer.json(202, "{\"service\":\"my backup\",\"queued\":true,"
                + "\"status-url\":\"../public/my%20backup.status.json\"}\n", "Location", "../public/my%20backup.status.json");

        RerunAnswer page = json.forClient(BROWSER_ACCEPT, FORM);

        assertThat(page.status()).isEqualTo(202);
        assertThat(page.headers()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Location", "../public/my%20backup.status.json")
                .containsEntry("Cache-Control", "no-store");
        assertThat(page.body()).isEqualTo("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Rerun of my backup</title>
                <link rel="stylesheet" href="../monitor.css">
                </head>
                <body>
                <main>
                <h1>Rerun of my backup</h1>
                <p id="rerun-answer">The run is queued: its result will show on the dashboard within moments.</p>
                <p><a id="back" href="../index.html#s-my%20backup">Back to the dashboard</a></p>
                </main>
                </body>
                </html>
                """);
    }

    @Test
    void aRefusalSaysWhyEscapedAndTheJsonAnswerIsLeftAsItIsForTheScript() {
        RerunAnswer conflict = Rerun.error(409, "already running since 2026-11-21T10:00:00Z", "db");
        RerunAnswer unknown = Rerun.error(404, "unknown service '<x>'", null);

        assertThat(conflict.forClient("application/json", null)).isSameAs(conflict);
        assertThat(conflict.asPage().body()).contains(
                "<p id=\"rerun-answer\">Not run again: already running since 2026-11-21T10:00:00Z.</p>",
                "href=\"../index.html#s-db\"");
        assertThat(unknown.asPage().body()).contains(
                "<p id=\"rerun-answer\">Not run: unknown service &#39;&lt;x&gt;&#39; (HTTP 404)</p>",
                "<title>Rerun</title>", "href=\"../index.html\"");
    }

    @Test
    void aWaitedRerunSaysTheNewStatus() {
        RerunAnswer done = RerunAnswer.json(200, "{\"id\": \"db\", \"status\": \"ERROR\", \"message\": \"disk gone\"}");

        assertThat(done.asPage().body()).contains("<p id=\"rerun-answer\">Done: ERROR (disk gone)</p>");
    }
}
