package io.promisemonitor.core.feed;

import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.io.XmlText;
import io.promisemonitor.core.publish.UrlLayout;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the feeds' content from history events: newest first, bounded, each item linking to its service's page
 * on the dashboard at the event's anchor. Rendering to XML is the {@code feed.rss.hbs} template's job.
 */
public final class Feeds {

    /** English day and month abbreviations, as RFC 822 and SlapOS's dates write them. */
    static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private Feeds() {
    }

    /**
     * The feed item of {@code event}.
     *
     * @param root the dashboard's root as seen from the feed: the {@code base-url}, or a relative prefix
     *     ({@code ""} for a feed in the web folder, {@code "../"} for one in {@code service/})
     */
    public static FeedItem item(HistoryEvent event, String root) {
        return new FeedItem("urn:promise-monitor:" + event.id(), event.headline(), event.message(),
                root + servicePage(event.service()) + "#e-" + event.id(), event.time(),
                event.kind() == HistoryEvent.Kind.ACTION ? "action" : "status change");
    }

    /** {@code service/<name>.html}, relative to the web root. */
    public static String servicePage(String service) {
        return UrlLayout.servicePageHref(service);
    }

    /** {@code service/<name>.rss}, relative to the web root. */
    public static String serviceFeed(String service) {
        return UrlLayout.serviceFeedHref(service);
    }

    /** The newest {@code limit} events, newest first; ties broken by id so the order is stable. */
    public static List<HistoryEvent> newestFirst(List<HistoryEvent> events, int limit) {
        List<HistoryEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(HistoryEvent::time).reversed().thenComparing(HistoryEvent::id));
        return sorted.size() > limit ? sorted.subList(0, limit) : sorted;
    }

    /**
     * An RFC 822 date as RSS 2.0 wants it, always in GMT and in English, as {@code DateTimeFormatter.RFC_1123_DATE_TIME}
     * writes it ({@code Sat, 1 Nov 2026 09:05:00 GMT}); by hand, as the formatter was a good part of a feed's cost
     * with ten thousand feeds to render.
     */
    public static String rfc822(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(29);
        b.append(DAYS[d.getDayOfWeek().ordinal()]).append(", ").append(d.getDayOfMonth()).append(' ')
                .append(MONTHS[d.getMonthValue() - 1]).append(' ');
        int year = d.getYear();
        if (year >= 0 && year < 1000) {
            b.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        b.append(year).append(' ');
        two(b, d.getHour()).append(':');
        two(b, d.getMinute()).append(':');
        two(b, d.getSecond());
        return b.append(" GMT").toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /**
     * The model of one feed for the template: {@code title}, {@code link}, {@code self} (the feed's own absolute URL,
     * only when it has one: {@code atom:link rel="self"} must be absolute), {@code description}, {@code lastBuildDate}
     * (the newest item's date, so an unchanged feed keeps its bytes) and {@code items}. Descriptions are HTML in
     * RSS: every reader unescapes them once for XML and then reads them as HTML, so the model holds them escaped
     * for HTML and the template's {@code {{description}}} escapes them once more for XML; a message such as
     * {@code backup <fresh> & ok} then reaches the reader's screen as it was printed.
     *
     * @param self the feed's absolute URL, or null when no {@code base-url} is known
     */
    public static Map<String, Object> model(String title, String link, String self, String description,
            List<HistoryEvent> events, String root) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("title", title);
        feed.put("link", link);
        if (self != null) {
            feed.put("self", self);
        }
        feed.put("description", XmlText.escape(description));
        List<Map<String, Object>> items = new ArrayList<>(events.size());
        for (HistoryEvent e : events) {
            FeedItem item = item(e, root);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("guid", item.guid());
            m.put("title", item.title());
            m.put("description", XmlText.escape(item.description()));
            m.put("link", item.link());
            m.put("pubDate", rfc822(item.pubDate()));
            m.put("category", item.category());
            items.add(m);
        }
        if (!events.isEmpty()) {
            feed.put("lastBuildDate", rfc822(events.get(0).time()));
        }
        feed.put("items", items);
        return feed;
    }
}
