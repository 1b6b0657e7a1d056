package io.promisemonitor.core.render;

import io.promisemonitor.core.feed.FeedItem;
import io.promisemonitor.core.feed.Feeds;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.io.XmlText;
import java.util.ArrayList;
import java.util.List;

/**
 * What a feed ({@code feed.rss.hbs}) reads: {@code self} is the feed's own absolute URL, only when it has one
 * ({@code atom:link rel="self"} must be absolute); {@code lastBuildDate} the newest item's date, so an unchanged feed
 * keeps its bytes; absent without items. Descriptions are HTML in RSS: every reader unescapes them once for XML and
 * then reads them as HTML, so the model holds them escaped for HTML and the template's {@code {{description}}}
 * escapes them once more for XML; a message such as {@code backup <fresh> & ok} then reaches the reader's screen as
 * it was printed.
 */
public record FeedModel(String title, String link, String self, String description, String lastBuildDate,
        List<Item> items) implements TemplateModel {

    @Override
    public Object component(int i) {
        return switch (i) {
            case 0 -> title;
            case 1 -> link;
            case 2 -> self;
            case 3 -> description;
            case 4 -> lastBuildDate;
            case 5 -> items;
            default -> throw new IndexOutOfBoundsException("component " + i + " of 6");
        };
    }

    /** One status change or watchdog action; {@code pubDate} in RFC 822. */
    public record Item(String guid, String title, String description, String link, String pubDate, String category)
            implements TemplateModel {
        @Override
        public Object component(int i) {
            return switch (i) {
                case 0 -> guid;
                case 1 -> title;
                case 2 -> description;
                case 3 -> link;
                case 4 -> pubDate;
                case 5 -> category;
                default -> throw new IndexOutOfBoundsException("component " + i + " of 6");
            };
        }
    }

    /**
     * The feed of {@code events} (newest first, as many as it shows).
     *
     * @param self the feed's absolute URL, or null when no {@code base-url} is known
     * @param root the dashboard's root as seen from the feed: the {@code base-url}, or a relative prefix
     *     ({@code ""} for a feed in the web folder, {@code "../"} for one in {@code service/})
     */
    static FeedModel of(String title, String link, String self, String description, List<HistoryEvent> events,
            String root) {
        List<Item> items = new ArrayList<>(events.size());
        for (HistoryEvent e : events) {
            FeedItem item = Feeds.item(e, root);
            items.add(new Item(item.guid(), item.title(), XmlText.escape(item.description()), item.link(),
                    Feeds.rfc822(item.pubDate()), item.category()));
        }
        return new FeedModel(title, link, self, XmlText.escape(description),
                events.isEmpty() ? null : Feeds.rfc822(events.get(0).time()), items);
    }
}
