package io.promisemonitor.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.dashboard.DashboardSettings;
import io.promisemonitor.core.executor.ServiceRunOutcome;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.publish.HalJson;
import io.promisemonitor.core.status.StatusChange;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every feed is read back by an independent parser, Rome, and every item is checked. */
class FeedTest {

    private static final String NASTY = "No space: <2% free> & \"quotes\" 'single' bell\u0007 nul\u0000 esc\u001b[31m"
            + " tab\there\nsecond line ünïcödé 日本語 \uD83D\uDD25";
    private static final String NASTY_TITLE = "<b>\"Tom & Jerry's\"</b> ünïcödé 日本 \uD83D\uDD25";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private MonitorConfig monitor;
    private ServiceConfig disk;
    private ServiceConfig weird;
    private StatusStore store;

    /** What the feed must say of one change. */
    private record Expected(String service, String title, String message, Instant at) {
    }

    private final List<Expected> changes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        monitor = TestConfigs.monitor(dir).title("Box & <Co>").baseUrl("https://box.example/monitor").build();
        disk = TestConfigs.service(monitor, "disk").title("Disk space on /srv").build();
        weird = TestConfigs.service(monitor, "weird name").title(NASTY_TITLE).build();
        store = StatusStore.of(monitor, clock);
    }

    private Dashboard dashboard(int feedItems) {
        DashboardSettings defaults = DashboardSettings.of(monitor);
        DashboardSettings settings = new DashboardSettings(defaults.templatesFolder(), defaults.renderInterval(),
                defaults.refresh(), defaults.historyRuns(), defaults.historyChanges(), defaults.keepRemoved(),
                defaults.historyPublishInterval(), feedItems, List.of(), Optional.empty(), defaults.notifyTimeout(),
                defaults.notifyRetries(), defaults.notifyRetryDelay(), defaults.historyKeep(), defaults.unknownAs());
        return new Dashboard(monitor, clock, settings, () -> List.of(disk, weird));
    }

    private void result(Dashboard dashboard, ServiceConfig service, PromiseResult result) {
        StatusChange change = store.record(service, result, clock.instant(), Duration.ofMillis(50), 0);
        dashboard.recorded(ServiceRunOutcome.ran(service.name(), change.current(), RunReason.SCHEDULE), change);
        if (change.statusChanged()) {
            changes.add(0, new Expected(service.name(), "[" + result.status() + "] " + change.current().title(),
                    change.current().message(), clock.instant()));
        }
        clock.advance(Duration.ofMinutes(1));
    }

    private void history(Dashboard dashboard) {
        result(dashboard, disk, PromiseResult.ok("fine"));
        result(dashboard, weird, PromiseResult.error(NASTY));
        result(dashboard, disk, PromiseResult.ok("still fine"));
        result(dashboard, disk, PromiseResult.error(NASTY));
        result(dashboard, weird, PromiseResult.warning("almost"));
        result(dashboard, disk, PromiseResult.ok("fine again"));
    }

    private static SyndFeed parse(Path file) throws Exception {
        try (XmlReader reader = new XmlReader(Files.newInputStream(file))) {
            return new SyndFeedInput().build(reader);
        }
    }

    /** What an XML parser gives back for a message: the forbidden characters replaced, the rest as it was. */
    private static String readBack(String text) {
        return text.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "\uFFFD");
    }

    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);");

    /**
     * What a feed reader shows of a description, which RSS makes HTML: the text after one HTML unescape (the
     * references a reader decodes; this text holds no tags, or the test fails on the leftover markup elsewhere).
     */
    static String html(String description) {
        Matcher m = REFERENCE.matcher(description);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String text = switch (ref) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> Character.toString(ref.charAt(1) == 'x' || ref.charAt(1) == 'X'
                        ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1)));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        return m.appendTail(out).toString();
    }

    private static String link(String service, SyndEntry entry) {
        return "https://box.example/monitor/service/" + service + ".html#e-" + entry.getUri().substring(
                "urn:promise-monitor:".length());
    }

    @Test
    void theGlobalFeedHasOneItemPerStatusChangeNewestFirstEachCheckedByRome() throws Exception {
        try (Dashboard dashboard = dashboard(100)) {
            history(dashboard);
            dashboard.renderNow();
        }

        SyndFeed feed = parse(monitor.webFolder().resolve("monitor.rss"));

        assertThat(feed.getFeedType()).isEqualTo("rss_2.0");
        assertThat(feed.getTitle()).isEqualTo("Box & <Co>: status changes");
        assertThat(feed.getLink()).isEqualTo("https://box.example/monitor/");
        List<SyndEntry> entries = feed.getEntries();
        assertThat(entries).hasSize(changes.size()).hasSize(5);
        Set<String> guids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            SyndEntry entry = entries.get(i);
            Expected expected = changes.get(i);
            assertThat(entry.getTitle()).isEqualTo(readBack(expected.title()));
            assertThat(html(entry.getDescription().getValue())).isEqualTo(readBack(expected.message()));
            assertThat(entry.getPublishedDate().toInstant()).isEqualTo(expected.at());
            assertThat(entry.getUri()).startsWith("urn:promise-monitor:");
            assertThat(guids.add(entry.getUri())).as("guid %s unique", entry.getUri()).isTrue();
            assertThat(entry.getLink()).isEqualTo(link(expected.service().replace(" ", "%20"), entry));
        }
        assertThat(entries.get(0).getTitle()).isEqualTo("[OK] Disk space on /srv");
        assertThat(entries.get(1).getTitle()).isEqualTo("[WARNING] " + NASTY_TITLE);
        assertThat(html(entries.get(2).getDescription().getValue())).contains("<2% free> & \"quotes\" 'single' bell\uFFFD",
                "tab\there\nsecond line ünïcödé 日本語 \uD83D\uDD25");
    }

    /** The channel, or its items' elements named {@code name}, as an XML parser reads them: references decoded. */
    private static List<String> xmlText(Path feed, String name) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(feed.toFile());
        NodeList nodes = doc.getElementsByTagName(name);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static Element atomSelf(Path feed) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        NodeList links = factory.newDocumentBuilder().parse(feed.toFile())
                .getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link");
        return links.getLength() == 0 ? null : (Element) links.item(0);
    }

    @Test
    void aMessageWithMarkupCharactersReachesReadersLiterallyInTheGlobalAndTheServiceFeed() throws Exception {
        String message = "backup <fresh> & ok; 'a' \"b\" &amp; <b>bold</b>";
        try (Dashboard dashboard = dashboard(100)) {
            result(dashboard, disk, PromiseResult.error(message));
            dashboard.renderNow();
        }
        Path global = monitor.webFolder().resolve("monitor.rss");
        Path own = monitor.webFolder().resolve("service/disk.rss");

        for (Path feed : List.of(global, own)) {
            // XML level: one decode leaves the HTML that RSS says a description is
            assertThat(xmlText(feed, "description")).as(feed.toString()).endsWith(
                    "backup &lt;fresh&gt; &amp; ok; &#39;a&#39; &quot;b&quot; &amp;amp; &lt;b&gt;bold&lt;/b&gt;");
            // HTML level: what a reader shows
            assertThat(html(parse(feed).getEntries().get(0).getDescription().getValue())).isEqualTo(message);
        }
        try (Chromium browser = Chromium.launch(dir.resolve("chromium"))) {
            for (Path feed : List.of(global, own)) {
                String description = xmlText(feed, "description").get(1);
                assertThat(browser.text("(() => { const d = document.createElement('div'); d.innerHTML = "
                        + Chromium.quote(description) + "; return d.textContent; })()")).as(feed.toString())
                        .isEqualTo(message);
            }
        }
    }

    @Test
    void withABaseUrlEachFeedNamesItsOwnAbsoluteUrlAndLinksAbsolutely() throws Exception {
        try (Dashboard dashboard = dashboard(100)) {
            result(dashboard, weird, PromiseResult.error("down"));
            dashboard.renderNow();
        }
        Path global = monitor.webFolder().resolve("monitor.rss");
        Path own = monitor.webFolder().resolve("service/weird name.rss");

        Element self = atomSelf(global);
        assertThat(self.getAttribute("href")).isEqualTo("https://box.example/monitor/monitor.rss");
        assertThat(self.getAttribute("rel")).isEqualTo("self");
        assertThat(self.getAttribute("type")).isEqualTo("application/rss+xml");
        assertThat(atomSelf(own).getAttribute("href"))
                .isEqualTo("https://box.example/monitor/service/weird%20name.rss");
        assertThat(xmlText(global, "link")).first().isEqualTo("https://box.example/monitor/");
        assertThat(xmlText(own, "link")).first()
                .isEqualTo("https://box.example/monitor/service/weird%20name.html");
        assertThat(xmlText(global, "link")).allSatisfy(l -> assertThat(l).startsWith("https://box.example/monitor/"));
        assertThat(xmlText(own, "link")).allSatisfy(l -> assertThat(l).startsWith("https://box.example/monitor/"));
    }

    @Test
    void withoutABaseUrlFeedsLinkRelativelyAndNameNoSelf() throws Exception {
        monitor = TestConfigs.monitor(dir).title("Box").build();
        disk = TestConfigs.service(monitor, "disk").title("Disk space on /srv").build();
        store = StatusStore.of(monitor, clock);
        try (Dashboard dashboard = dashboard(100)) {
            result(dashboard, disk, PromiseResult.error("down"));
            dashboard.renderNow();
        }
        Path global = monitor.webFolder().resolve("monitor.rss");
        Path own = monitor.webFolder().resolve("service/disk.rss");

        assertThat(atomSelf(global)).isNull();
        assertThat(atomSelf(own)).isNull();
        assertThat(xmlText(global, "link").get(0)).isEqualTo("index.html");
        assertThat(xmlText(global, "link").get(1)).startsWith("service/disk.html#e-");
        assertThat(xmlText(own, "link").get(0)).isEqualTo("../service/disk.html");
        assertThat(xmlText(own, "link").get(1)).startsWith("../service/disk.html#e-");
    }

    @Test
    void guidsStayTheSameAcrossARestartAndTheFeedIsNotRewrittenWhenNothingChanged() throws Exception {
        try (Dashboard dashboard = dashboard(100)) {
            history(dashboard);
            dashboard.renderNow();
        }
        Path file = monitor.webFolder().resolve("monitor.rss");
        List<String> before = parse(file).getEntries().stream().map(SyndEntry::getUri).toList();
        Object inode = Files.getAttribute(file, "unix:ino");

        try (Dashboard restarted = dashboard(100)) {
            restarted.renderNow();
        }

        assertThat(parse(file).getEntries().stream().map(SyndEntry::getUri).toList()).isEqualTo(before);
        assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
    }

    @Test
    void theFeedKeepsOnlyTheNewestItemsUpToItsBound() throws Exception {
        try (Dashboard dashboard = dashboard(3)) {
            history(dashboard);
            dashboard.renderNow();
        }

        List<SyndEntry> entries = parse(monitor.webFolder().resolve("monitor.rss")).getEntries();

        assertThat(entries).extracting(SyndEntry::getTitle).containsExactly(readBack(changes.get(0).title()),
                readBack(changes.get(1).title()), readBack(changes.get(2).title()));
    }

    @Test
    void eachServiceHasItsOwnFeedOfItsChangesOnly() throws Exception {
        try (Dashboard dashboard = dashboard(100)) {
            history(dashboard);
            dashboard.renderNow();
        }

        SyndFeed diskFeed = parse(monitor.webFolder().resolve("service/disk.rss"));
        SyndFeed weirdFeed = parse(monitor.webFolder().resolve("service/weird name.rss"));

        assertThat(diskFeed.getTitle()).isEqualTo("Disk space on /srv (Box & <Co>): status changes");
        assertThat(diskFeed.getEntries()).extracting(SyndEntry::getTitle).containsExactly("[OK] Disk space on /srv",
                "[ERROR] Disk space on /srv", "[OK] Disk space on /srv");
        assertThat(diskFeed.getEntries()).allSatisfy(e -> assertThat(e.getLink()).isEqualTo(link("disk", e)));
        assertThat(weirdFeed.getEntries()).extracting(e -> html(e.getDescription().getValue()))
                .containsExactly("almost", readBack(NASTY));
        assertThat(weirdFeed.getEntries()).allSatisfy(e -> assertThat(e.getLink()).isEqualTo(link("weird%20name", e)));
    }

    @Test
    void aWatchdogActionIsAnItemOfTheFeed() throws Exception {
        try (Dashboard dashboard = dashboard(100)) {
            result(dashboard, disk, PromiseResult.error("kite down"));
            dashboard.recordAction("disk", "sent SIGSEGV to pagekite (pid 42) & uploaded its log");
            dashboard.renderNow();
        }

        List<SyndEntry> entries = parse(monitor.webFolder().resolve("monitor.rss")).getEntries();

        assertThat(entries).extracting(SyndEntry::getTitle).containsExactly("[ACTION] Disk space on /srv",
                "[ERROR] Disk space on /srv");
        assertThat(html(entries.get(0).getDescription().getValue()))
                .isEqualTo("sent SIGSEGV to pagekite (pid 42) & uploaded its log");
        assertThat(entries.get(0).getCategories()).extracting(c -> c.getName()).containsExactly("action");
    }

    @Test
    void theFeedIsLinkedFromTheIndexAndFromMonitorHalJson() throws Exception {
        try (Dashboard dashboard = dashboard(100)) {
            dashboard.renderNow();
        }
        HalJson.write(monitor, List.of(disk));

        assertThat(Files.readString(monitor.webFolder().resolve("index.html"))).contains(
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Box &amp; &lt;Co&gt;: status changes\""
                        + " href=\"monitor.rss\">");
        assertThat(Files.readString(monitor.monitorHalJson())).contains("\"rss\": {\n      \"href\": \"monitor.rss\"");
        assertThat(parse(monitor.webFolder().resolve("monitor.rss")).getEntries()).isEmpty();
    }

    @Test
    void pubDatesAreWrittenAsTheJdksRfc1123FormatterWritesThem() {
        java.time.format.DateTimeFormatter jdk = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
        for (Instant t = Instant.parse("1999-12-25T23:59:59Z"); t.isBefore(Instant.parse("2031-03-01T00:00:00Z"));
                t = t.plus(Duration.ofSeconds(86_400 * 3 + 3_661))) {
            assertThat(Feeds.rfc822(t)).isEqualTo(jdk.format(t.atOffset(java.time.ZoneOffset.UTC)));
        }
        assertThat(Feeds.rfc822(Instant.parse("2026-11-01T09:05:07.9Z"))).isEqualTo("Sun, 1 Nov 2026 09:05:07 GMT");
    }
}
