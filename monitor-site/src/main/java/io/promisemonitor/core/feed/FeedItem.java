package io.promisemonitor.core.feed;

import java.time.Instant;

/**
 * One item of an RSS feed. Status changes and watchdog actions both become items through
 * {@link Feeds#item}; anything else that wants an item in the feed goes through the history
 * ({@code HistoryStore.recordAction}), so the feed and the history never disagree.
 */
public record FeedItem(String guid, String title, String description, String link, Instant pubDate,
        String category) {
}
