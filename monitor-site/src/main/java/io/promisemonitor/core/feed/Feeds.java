package io.promisemonitor.core.feed;

import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.publish.UrlLayout;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the feeds' content from history events: newest first, bounded, each item linking to its service's page
 * on the dashboard at the event's anchor. Rendering to XML is the {@code feed.rss.hbs} template's job, from the
 * renderer's {@code FeedModel}.
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
        int n = events.size();
        boolean ascending = true;
        for (int i = 1; i < n && ascending; i++) {
            ascending = events.get(i - 1).time().isBefore(events.get(i).time());
        }
        if (ascending) {
            // a history's events as they happened, each after the one before: the newest are its last, no sort
            int k = Math.max(0, Math.min(n, limit));
            List<HistoryEvent> newest = new ArrayList<>(k);
            for (int i = n - 1; i >= n - k; i--) {
                newest.add(events.get(i));
            }
            return newest;
        }
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
}
