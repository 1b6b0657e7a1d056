package io.promisemonitor.core.render;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.feed.Feeds;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.publish.HalJson;
import io.promisemonitor.core.publish.UrlLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Writes the dashboard into the web folder, each file atomically: {@code index.html}, {@code monitor.rss}, and per
 * service {@code service/<name>.html} and {@code service/<name>.rss}; plus {@code monitor.css} and
 * {@code monitor.js}. The index and the global feed are written at every render; a service's page and feed only
 * when it is among the {@code dirty} ones, so a render after one result costs two pages, not thousands. Feeds
 * and static files are written only when their bytes change.
 */
public final class SiteRenderer {

    public static final String INDEX = "index.html";
    public static final String SERVICE_FOLDER = "service";

    private final MonitorConfig monitor;
    private final Templates templates;
    private final Map<String, CachedRow> rowCache = new java.util.concurrent.ConcurrentHashMap<>();

    public SiteRenderer(MonitorConfig monitor, Templates templates) {
        this.monitor = monitor;
        this.templates = templates;
    }

    /** What a render wrote. */
    public record Report(int pages, int feeds) {
    }

    /** Copies monitor.css and monitor.js into the web folder when they differ; returns the files written. */
    public List<Path> installAssets() {
        List<Path> written = new java.util.ArrayList<>();
        for (String asset : Templates.ASSETS) {
            Path target = monitor.webFolder().resolve(asset);
            if (AtomicFiles.writeIfChanged(target, templates.bytes(asset))) {
                written.add(target);
            }
        }
        return written;
    }

    /**
     * Renders the index, the global feed, and the page and feed of every service named in {@code dirty}
     * ({@code null}: every service).
     */
    public Report render(SiteState state, Collection<String> dirty) {
        PageModels models = new PageModels(state);
        List<PageModels.Line> lines = models.lines();
        Map<String, Object> index = models.index(lines);
        index.put("rowsHtml", rows(models, lines));
        // Streamed to the file: with thousands of services the page is megabytes, and a whole copy of it in memory
        // (or three: builder, string, bytes) is what made the heap grow.
        AtomicFiles.write(monitor.webFolder().resolve(INDEX), out -> templates.render(Templates.INDEX, index, out));
        int pages = 1;
        int feeds = 0;

        String title = (String) index.get("title");
        String base = state.monitor().baseUrl().map(UrlLayout::withTrailingSlash).orElse("");
        List<HistoryEvent> recent = Feeds.newestFirst(state.history().recentEvents(), state.feedItems());
        Map<String, Object> global = Feeds.model(title + ": status changes", base.isEmpty() ? INDEX : base,
                "Status changes and watchdog actions of every service of " + title, recent, base);
        if (AtomicFiles.writeIfChanged(monitor.webFolder().resolve(HalJson.RSS), templates.render(Templates.FEED,
                global))) {
            feeds++;
        }

        List<ServiceConfig> todo = new ArrayList<>();
        for (ServiceConfig service : state.services()) {
            if (dirty == null || dirty.contains(service.name())) {
                todo.add(service);
            }
        }
        String root = base.isEmpty() ? "../" : base;
        AtomicInteger feedsWritten = new AtomicInteger();
        // Pages are independent: after a restart or a new service there may be thousands, so use every core.
        Stream<ServiceConfig> stream = todo.size() > 16 ? todo.parallelStream() : todo.stream();
        stream.forEach(service -> {
            StringBuilderWriter page = new StringBuilderWriter(16 * 1024);
            templates.render(Templates.SERVICE, models.servicePage(service), page);
            AtomicFiles.write(servicePage(service.name()), page.toString());
            List<HistoryEvent> events = state.history().history(service.name())
                    .map(h -> Feeds.newestFirst(h.events(), state.feedItems())).orElse(List.of());
            String serviceTitle = service.title() == null || service.title().isEmpty() ? service.name()
                    : service.title();
            Map<String, Object> feed = Feeds.model(serviceTitle + " (" + title + "): status changes",
                    root + Feeds.servicePage(service.name()), "Status changes and watchdog actions of "
                            + serviceTitle, events, root);
            if (AtomicFiles.writeIfChanged(serviceFeed(service.name()), templates.render(Templates.FEED, feed))) {
                feedsWritten.incrementAndGet();
            }
        });
        pages += todo.size();
        feeds += feedsWritten.get();
        return new Report(pages, feeds);
    }

    /** A row's HTML and what it was made from. */
    private record CachedRow(PageModels.RowKey key, String html) {
    }

    /**
     * Every row of the index, each from row.html.hbs, reused from the last render when its key is unchanged: with
     * thousands of services, most rows do not change between two renders five seconds apart.
     */
    private List<String> rows(PageModels models, List<PageModels.Line> lines) {
        Stream<PageModels.Line> stream = lines.size() > 256 ? lines.parallelStream() : lines.stream();
        List<String> html = stream.map(line -> {
            String name = line.config().name();
            CachedRow cached = rowCache.get(name);
            if (cached != null && cached.key().equals(line.key())) {
                return cached.html();
            }
            String row = templates.render(Templates.ROW, models.row(line.config(), "", PageModels.INDEX_STRIP));
            rowCache.put(name, new CachedRow(line.key(), row));
            return row;
        }).toList();
        if (rowCache.size() > lines.size()) {
            java.util.Set<String> shown = new java.util.HashSet<>();
            lines.forEach(l -> shown.add(l.config().name()));
            rowCache.keySet().retainAll(shown);
        }
        return html;
    }

    public Path servicePage(String service) {
        return serviceFolder().resolve(checked(service) + ".html");
    }

    public Path serviceFeed(String service) {
        return serviceFolder().resolve(checked(service) + ".rss");
    }

    private Path serviceFolder() {
        return monitor.webFolder().resolve(SERVICE_FOLDER);
    }

    /** Removes the page and feed of a service whose history was purged. */
    public void forget(String service) {
        try {
            Files.deleteIfExists(servicePage(service));
            Files.deleteIfExists(serviceFeed(service));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the page of " + service + ": " + e.getMessage(), e);
        }
    }

    private static String checked(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("service name '" + name + "': must be a file name without '/',"
                    + " control characters, '.' or '..'");
        }
        return name;
    }

    /** A writer into a reusable StringBuilder: no synchronisation, unlike StringWriter's StringBuffer. */
    static final class StringBuilderWriter extends java.io.Writer {
        private final StringBuilder text;

        StringBuilderWriter(int capacity) {
            this.text = new StringBuilder(capacity);
        }

        @Override
        public void write(char[] chars, int off, int len) {
            text.append(chars, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            text.append(s, off, off + len);
        }

        @Override
        public java.io.Writer append(CharSequence s) {
            text.append(s);
            return this;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
