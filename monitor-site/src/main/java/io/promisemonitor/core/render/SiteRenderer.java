package io.promisemonitor.core.render;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.feed.Feeds;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.history.ServiceHistory;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.KnownFiles;
import io.promisemonitor.core.publish.UrlLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Writes the dashboard into the web folder, each file atomically: {@code index.html}, {@code monitor.rss}, and per
 * service {@code service/<name>.html} and {@code service/<name>.rss}; plus {@code monitor.css} and
 * {@code monitor.js}. The index is written at every render (it says when it was rendered); a service's page and feed
 * are rendered only when it is among the {@code dirty} ones, so a render after one result costs two pages, not
 * thousands; and every file but the index is written only when its bytes changed, so a render of everything after a
 * restart rewrites only what changed while the executor was away.
 *
 * <p>Speed with thousands of services: each row of the index is kept between renders as a {@link Stencil} whose
 * holes are its relative times, so a minute turning costs string copies, not template runs; and a batch of many
 * documents is rendered from {@link Stencils}, one template run per shape of model.
 */
public final class SiteRenderer {

    public static final String INDEX = "index.html";
    /** Every row of the index as JSON, in the index's order: monitor.js draws the rows the page leaves out. */
    public static final String ROWS = "rows.json";
    public static final String SERVICE_FOLDER = "service";
    /** How many of a service's last runs its row of the index shows: all a one-shot run reads of most histories. */
    public static final int INDEX_RUNS = PageModels.INDEX_STRIP;
    /** From this many documents of one template in a render, stencils pay for their own template runs. */
    static final int BATCH = 32;

    /** Where the record of the web folder's pages and feeds is kept between runs: a state file, never served. */
    public static final String KNOWN_FILES = "known-web-files";
    /** The record is saved at least this often while renders change pages (and after every render of everything). */
    static final Duration SAVE_KNOWN_EVERY = Duration.ofMinutes(10);

    private final MonitorConfig monitor;
    private final Templates templates;
    /** Replaced by one sized for every row at a render of many rows into an empty one: it grows by copies. */
    private volatile Map<String, CachedRow> rowCache = new ConcurrentHashMap<>();
    private final Path serviceFolder;
    /** The pages and feeds as last written: after a restart, one stat per unchanged file, not a read and compare. */
    private final KnownFiles known;
    /**
     * What each service's feed was last written from in this process ({@link #pageAndFeed}), with the source
     * recorded for it; replaced by one sized for every service at the first render of many, as {@link #rowCache} is.
     */
    private volatile Map<String, Marked> feedMarks = new ConcurrentHashMap<>();
    /** When the record was last saved; only the render thread reads and writes it. */
    private volatile Instant knownSaved;
    /** A one-shot run's stencils, kept between runs ({@link #oneShot}); null for a long-running process. */
    private final Stencils kept;

    /** Where a one-shot run's stencils are kept between runs: a state file, never served. */
    public static final String KEPT_STENCILS = "stencils";

    public SiteRenderer(MonitorConfig monitor, Templates templates) {
        this(monitor, templates, false);
    }

    private SiteRenderer(MonitorConfig monitor, Templates templates, boolean oneShot) {
        this.monitor = monitor;
        this.templates = templates;
        this.serviceFolder = monitor.webFolder().resolve(SERVICE_FOLDER);
        this.known = KnownFiles.of(monitor.webFolder(), monitor.stateFolder("render").resolve(KNOWN_FILES));
        this.kept = oneShot ? Stencils.kept(templates, monitor.stateFolder("render").resolve(KEPT_STENCILS)) : null;
    }

    /**
     * A renderer for a process that renders once and ends ({@code monitor run-promise}, a cron line): every document
     * is rendered from stencils kept between such runs (see {@link Stencils#kept}), so that a run whose documents
     * have the shapes of an earlier run's compiles no template at all. The files are the same, byte for byte.
     */
    public static SiteRenderer oneShot(MonitorConfig monitor, Templates templates) {
        return new SiteRenderer(monitor, templates, true);
    }

    /**
     * {@link #prepare} in a thread of its own: the executor calls it as it starts, while it reads the journals, so
     * that its first render finds the templates compiled and the record of known files read. A template that does
     * not compile is left for that render to report.
     */
    public void prepareInBackground() {
        Thread prepare = new Thread(() -> {
            try {
                prepare();
            } catch (RuntimeException e) {
                // reported by the render that needs the template, as without this
            }
        }, "prepare-render");
        prepare.setDaemon(true);
        prepare.start();
    }

    /**
     * Reads the record of known files and compiles the templates (telling which can be rendered from stencils): what
     * the first render would do first. Throws as that render would for a template that does not compile.
     */
    public void prepare() {
        known.read();
        templates.prepare();
    }

    /** What a render did: documents rendered, and files among them written (the others kept their bytes). */
    public record Report(int rendered, int written) {
    }

    /** Copies monitor.css and monitor.js into the web folder when they differ; returns the files written. */
    public List<Path> installAssets() {
        List<Path> written = new ArrayList<>();
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
        // each page and feed is then checked with a stat relative to the open web folder, not of its whole path
        known.openFolder();
        try {
            return renderOpen(state, dirty);
        } finally {
            known.closeFolder();
        }
    }

    private Report renderOpen(SiteState state, Collection<String> dirty) {
        if (dirty == null || dirty.size() >= BATCH) {
            // read (at the first render) beside the rows, rather than with every page thread waiting for it
            ForkJoinPool.commonPool().execute(known::read);
        }
        PageModels models = new PageModels(state);
        List<PageModels.Line> lines = models.lines();
        List<ServiceConfig> todo = new ArrayList<>();
        for (ServiceConfig service : state.services()) {
            if (dirty == null || dirty.contains(service.name())) {
                todo.add(service);
            }
        }
        if (feedMarks.isEmpty() && todo.size() >= BATCH) {
            feedMarks = new ConcurrentHashMap<>(todo.size() * 2);
        }
        // Dropped at the end of this render: stencils are worth their memory only while a batch lasts (but for a
        // one-shot run's, which it keeps for the next run).
        Stencils stencils = kept != null ? kept : new Stencils(templates);
        Map<String, Object> index = models.index(lines);
        int shown = (Integer) index.get("staticRows");
        String title = (String) index.get("title");
        boolean many = todo.size() >= BATCH;
        // Everything, after a restart: each service's row and then its page in one pass on every core, the index
        // written after it. In two passes, every row's model was held from the first to the second (thousands, most
        // of them moved to the old generation on the way, at the price of full collections in a small heap).
        boolean onePass = many && dirty == null;
        Rows rows = new Rows(lines, shown);
        ForkJoinTask<?> indexWritten = null;
        if (!onePass) {
            rows.makeAll(models, stencils);
            // With many pages to do, the index (megabytes, mostly a copy into the file) is written beside them.
            if (many) {
                indexWritten = ForkJoinPool.commonPool().submit(() -> writeIndex(index, lines, rows.made, stencils,
                        shown, false));
            } else {
                writeIndex(index, lines, rows.made, stencils, shown, false);
            }
        }
        int written = 1;

        String base = state.monitor().baseUrl().map(UrlLayout::withTrailingSlash).orElse("");
        List<HistoryEvent> recent = Feeds.newestFirst(state.history().recentEvents(), state.feedItems());
        FeedModel global = FeedModel.of(title + ": status changes", base.isEmpty() ? INDEX : base,
                base.isEmpty() ? null : base + UrlLayout.RSS,
                "Status changes and watchdog actions of every service of " + title, recent, base);
        Utf8Text feed = BUFFER.get();
        feed.clear();
        render(stencils.isKept(), stencils, Templates.FEED, global, feed);
        if (writeIfChanged(monitor.webFolder().resolve(UrlLayout.RSS), feed)) {
            written++;
        }

        String root = base.isEmpty() ? "../" : base;
        AtomicInteger rendered = new AtomicInteger(2);
        AtomicInteger filesWritten = new AtomicInteger();
        // Pages are independent: after a restart there may be thousands, so use every core. The pages of the services
        // that ran since the last render are written from this thread alone: two threads creating and renaming files
        // in one folder spin on its lock in the kernel, which cost them more than the pages' rendering.
        try {
            if (onePass) {
                try {
                    IntStream.range(0, lines.size()).parallel().forEach(i -> {
                        rows.make(i, models, stencils, true);
                        pageAndFeed(lines.get(i).config(), true, stencils, models, state, title, root, rendered,
                                filesWritten);
                    });
                } finally {
                    // even when a page failed: the rows it left unmade, and the index
                    rows.finish(models, stencils);
                    writeIndex(index, lines, rows.made, stencils, shown, true);
                }
            } else {
                todo.forEach(service -> pageAndFeed(service, many || stencils.isKept(), stencils, models, state,
                        title, root, rendered, filesWritten));
            }
        } finally {
            // even when a page failed: the next render must not race this one's index
            if (indexWritten != null) {
                indexWritten.join();
            }
            saveKnownFiles(dirty == null, state.now());
            stencils.save();
        }
        return new Report(rendered.get(), written + filesWritten.get());
    }

    /**
     * Renders and writes the page and the feed of {@code service}; counts the documents rendered and the files
     * written. The page changes with every run (it shows the last one); the feed only with the service's events and
     * titles, so it is rendered only when one of those changed since it was written, or its file did. Its file is
     * recorded with the digest of all it was made from ({@link #feedSource}), so that after a restart too an
     * unchanged feed costs a stat and that digest, not a render.
     */
    private void pageAndFeed(ServiceConfig service, boolean viaStencils, Stencils stencils, PageModels models,
            SiteState state, String title, String root, AtomicInteger rendered, AtomicInteger filesWritten) {
        Utf8Text text = BUFFER.get();
        text.clear();
        render(viaStencils, stencils, Templates.SERVICE, models.servicePageModel(service), text);
        rendered.incrementAndGet();
        if (writeIfChanged(servicePage(service.name()), text)) {
            filesWritten.incrementAndGet();
        }
        ServiceHistory history = state.history().history(service.name()).orElse(null);
        // counted before the events are read: one added in between makes the next render redo the feed, not skip it
        FeedMark mark = new FeedMark(history, history == null ? -1 : history.eventsAdded(), service.title(), title,
                root, state.monitor().baseUrl().orElse(null), state.feedItems());
        Path feedFile = serviceFeed(service.name());
        Marked last = feedMarks.get(service.name());
        if (last != null && mark.equals(last.mark()) && known.holdsFrom(feedFile, last.source())) {
            return;
        }
        List<HistoryEvent> events = history == null ? List.of()
                : Feeds.newestFirst(history.events(), state.feedItems());
        long source = feedSource(service, title, root, state, events);
        if (known.holdsFrom(feedFile, source)) {
            // as made from the same inputs by this build and template, before a restart or by another renderer
            feedMarks.put(service.name(), new Marked(mark, source));
            return;
        }
        String serviceTitle = service.title() == null || service.title().isEmpty() ? service.name()
                : service.title();
        // one copy each (concatenation is compiled inline, a growing StringBuilder each): ten thousand after a restart
        String feedTitle = new StringBuilder(serviceTitle.length() + title.length() + 24).append(serviceTitle)
                .append(" (").append(title).append("): status changes").toString();
        FeedModel feed = FeedModel.of(feedTitle, root.concat(Feeds.servicePage(service.name())),
                state.monitor().baseUrl().map(b -> UrlLayout.withTrailingSlash(b) + Feeds.serviceFeed(service.name()))
                        .orElse(null),
                "Status changes and watchdog actions of ".concat(serviceTitle), events, root);
        text.clear();
        render(viaStencils, stencils, Templates.FEED, feed, text);
        rendered.incrementAndGet();
        if (known.writeIfChanged(feedFile, text.buffer(), text.length(), source)) {
            filesWritten.incrementAndGet();
        }
        feedMarks.put(service.name(), new Marked(mark, source));
    }

    /**
     * All a service's feed is made of: its history (by identity: a history read again is another), how many events
     * were ever added to it, the service's and the monitor's titles, the links' root and base URL, and the most items.
     */
    private record FeedMark(ServiceHistory history, long eventsAdded, String serviceTitle, String monitorTitle,
            String root, java.net.URI baseUrl, int items) {
    }

    /** A feed's mark, and the {@link #feedSource} its file was recorded with. */
    private record Marked(FeedMark mark, long source) {
    }

    /**
     * The digest of everything a service's feed is made from: the build of the monitor and the text of the feed
     * template (either may print feeds otherwise), the service's name and title, the monitor's title, the links'
     * root, the base URL, the most items, and every field of each event it shows. Recorded with the feed's file:
     * a feed made from the same source again would have the same bytes.
     */
    private long feedSource(ServiceConfig service, String title, String root, SiteState state,
            List<HistoryEvent> events) {
        Utf8Text in = SOURCE.get();
        in.clear();
        field(in, feedTemplate());
        field(in, service.name());
        field(in, service.title());
        field(in, title);
        field(in, root);
        field(in, state.monitor().baseUrl().map(Object::toString).orElse(null));
        number(in, state.feedItems());
        for (HistoryEvent e : events) {
            field(in, e.id());
            field(in, e.service());
            field(in, e.title());
            number(in, e.kind().ordinal());
            number(in, e.status() == null ? -1 : e.status().ordinal());
            number(in, e.previous() == null ? -1 : e.previous().ordinal());
            field(in, e.message());
            number(in, e.time().getEpochSecond());
            number(in, e.time().getNano());
        }
        return KnownFiles.sourceOf(in.buffer(), in.length());
    }

    /** A feed's inputs are written into this buffer, one per thread, to be digested. */
    private static final ThreadLocal<Utf8Text> SOURCE = ThreadLocal.withInitial(() -> new Utf8Text(1024));

    /**
     * {@code text} as its length in characters and its UTF-8, null as the length -1: no two different lists of
     * fields and {@link #number numbers} write the same bytes.
     */
    private static void field(Utf8Text in, String text) {
        if (text == null) {
            number(in, -1);
            return;
        }
        number(in, text.length());
        in.append(text);
    }

    /** {@code n} as its eight bytes. */
    private static void number(Utf8Text in, long n) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            in.append((byte) (n >>> shift));
        }
    }

    /** The build and the feed template's digest, the first field of every feed's source; made at the first use. */
    private String feedTemplate() {
        String made = feedTemplate;
        if (made == null) {
            feedTemplate = made = Stencils.build() + " " + templates.digest(Templates.FEED);
        }
        return made;
    }

    private volatile String feedTemplate;

    /** One buffer per thread for the pages and feeds, grown once to the largest page instead of at every page. */
    private static final ThreadLocal<Utf8Text> BUFFER = ThreadLocal.withInitial(Utf8Text::new);

    private void render(boolean viaStencils, Stencils stencils, String template, Object model, Utf8Text out) {
        if (viaStencils) {
            stencils.render(template, model, out);
        } else {
            out.append(templates.render(template, Stencils.asMap(model)));
        }
    }

    /**
     * Saves the record of known files after a render of everything, and otherwise at most every
     * {@link #SAVE_KNOWN_EVERY}: it is a megabyte with ten thousand services, and an old record costs a restart only
     * a read of each page changed since (flash storage is spared the rewrite at every render).
     */
    private void saveKnownFiles(boolean everything, Instant now) {
        if (everything || knownSaved == null || !now.isBefore(knownSaved.plus(SAVE_KNOWN_EVERY))) {
            known.save();
            knownSaved = now;
        }
    }

    /** Saves the record of known files now: when the executor stops. */
    public void saveKnownFiles() {
        known.save();
    }

    /** From the reused buffer: after a restart, thousands of pages are compared and few written. */
    private boolean writeIfChanged(Path file, Utf8Text text) {
        return known.writeIfChanged(file, text.buffer(), text.length());
    }

    /**
     * A row's HTML, in UTF-8, with holes for its relative times; or, from a template that does not print values as
     * they are, its whole HTML without holes and the times it was made with ({@code madeWith}); and its JSON for
     * rows.json. The HTML only of a row the page lists itself ({@code pieces} null for the others): with thousands
     * of services, most rows are drawn by monitor.js from their JSON, and a row made without its HTML gets it when
     * it moves up among the listed ones.
     */
    private record CachedRow(PageModels.RowKey key, Stencil.Utf8 pieces, String[] madeWith, byte[] json) {

        boolean fits(PageModels.Line line, boolean listed) {
            return key.equals(line.key()) && (madeWith == null || Arrays.equals(madeWith, line.live()))
                    && (pieces != null || !listed);
        }
    }

    /**
     * Every row of the index of one render, in the index's order, reused from the last render when its key is
     * unchanged: with thousands of services, most rows do not change between two renders five seconds apart. The
     * first {@code shown} are listed by the page itself, and only they need their HTML.
     */
    private final class Rows {
        private final List<PageModels.Line> lines;
        private final int shown;
        private final CachedRow[] made;
        /** The places of the rows to make (no row kept, or one that does not fit). */
        private final List<Integer> todo = new ArrayList<>();
        private final Map<String, CachedRow> into;

        Rows(List<PageModels.Line> lines, int shown) {
            this.lines = lines;
            this.shown = shown;
            this.made = new CachedRow[lines.size()];
            Map<String, CachedRow> cache = rowCache;
            for (int i = 0; i < made.length; i++) {
                PageModels.Line line = lines.get(i);
                CachedRow cached = cache.get(line.config().name());
                if (cached != null && cached.fits(line, i < shown)) {
                    made[i] = cached;
                } else {
                    todo.add(i);
                }
            }
            if (cache.isEmpty() && todo.size() >= BATCH) {
                // every row made anew (after a restart): a map sized for them, not grown by copies of itself
                cache = new ConcurrentHashMap<>(todo.size() * 2);
                rowCache = cache;
            }
            this.into = cache;
        }

        /** Makes every row to make, on every core when they are many; then {@link #done}. */
        void makeAll(PageModels models, Stencils stencils) {
            boolean many = todo.size() >= BATCH;
            (many ? todo.parallelStream() : todo.stream()).forEach(i -> make(i, models, stencils, many));
            done();
        }

        /** Makes row {@code i} unless the one kept fits. */
        void make(int i, PageModels models, Stencils stencils, boolean many) {
            if (made[i] == null) {
                PageModels.Line line = lines.get(i);
                made[i] = row(models, line, many || stencils.isKept(), stencils, i < shown);
                into.put(line.config().name(), made[i]);
            }
        }

        /** Makes, on this thread, the rows {@link #make} was not called for; then {@link #done}. */
        void finish(PageModels models, Stencils stencils) {
            for (int i : todo) {
                make(i, models, stencils, true);
            }
            done();
        }

        /** Once every row is made: the rows kept of services no longer listed are let go. */
        void done() {
            if (into.size() > lines.size()) {
                Set<String> names = new HashSet<>();
                lines.forEach(l -> names.add(l.config().name()));
                into.keySet().retainAll(names);
            }
        }
    }

    private CachedRow row(PageModels models, PageModels.Line line, boolean viaStencils, Stencils stencils,
            boolean listed) {
        RowModel model = models.indexRowModel(line.config());
        byte[] json = RowJson.open(model);
        if (!listed) {
            return new CachedRow(line.key(), null, null, json);
        }
        if (templates.stencilable(Templates.ROW)) {
            Stencil.Utf8 pieces;
            if (viaStencils) {
                pieces = stencils.bind(Templates.ROW, model);
            } else {
                Stencil parsed = Stencil.parse(templates.render(Templates.ROW, model.toMap()));
                pieces = parsed == null ? null : parsed.utf8();
            }
            if (pieces != null && pieces.maxHole() < line.live().length) {
                return new CachedRow(line.key(), pieces, null, json);
            }
        }
        // A template with helpers may look at the times themselves: render the row whole, with the times of now.
        String html = templates.render(Templates.ROW, models.row(line.config(), "", PageModels.INDEX_STRIP));
        return new CachedRow(line.key(), Stencil.of(html).utf8(), line.live(), json);
    }

    /**
     * Writes index.html: the page around the rows from the index template, the rows from their cached UTF-8 with
     * the times of now, straight into the file; with thousands of services it is megabytes, written at every render,
     * and running it through a template and a character encoder cost more than the rest. With {@code rowsBeside},
     * rows.json is written by another core meanwhile, and the index takes its place only after it.
     */
    private void writeIndex(Map<String, Object> index, List<PageModels.Line> lines, CachedRow[] rows,
            Stencils stencils, int shown, boolean rowsBeside) {
        String rendered = (String) index.get("renderedIso");
        if (!rowsBeside) {
            writeRows(rendered, lines, rows, shown);
            writeIndexAfterRows(index, lines, rows, stencils, shown, () -> { });
            return;
        }
        ForkJoinTask<?> rowsWritten = ForkJoinPool.commonPool().submit(() -> writeRows(rendered, lines, rows, shown));
        try {
            writeIndexAfterRows(index, lines, rows, stencils, shown, rowsWritten::join);
        } finally {
            // the next render must not race this one's rows.json, even when the index failed
            rowsWritten.quietlyJoin();
        }
    }

    /** {@link #writeIndex}'s index; {@code rowsWritten} returns once rows.json is in place, and the index follows. */
    private void writeIndexAfterRows(Map<String, Object> index, List<PageModels.Line> lines, CachedRow[] rows,
            Stencils stencils, int shown, Runnable rowsWritten) {
        byte[][] frame = shown == 0 ? null : frame(index, stencils);
        if (frame == null) {
            List<String> html = new ArrayList<>(shown);
            for (int i = 0; i < shown; i++) {
                html.add(rows[i].pieces().fill((Object[]) lines.get(i).live()));
            }
            index.put("rowsHtml", html);
            AtomicFiles.write(monitor.webFolder().resolve(INDEX), out -> {
                templates.render(Templates.INDEX, index, out);
                rowsWritten.run();
            });
            return;
        }
        AtomicFiles.writeStreamViaSpare(monitor.webFolder().resolve(INDEX), out -> {
            Utf8Text text = new Utf8Text(INDEX_CHUNK + 64 * 1024);
            text.append(frame[0]);
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    text.append(frame[1]);
                }
                rows[i].pieces().fill(lines.get(i).live(), text);
                if (text.length() >= INDEX_CHUNK) {
                    out.write(text.buffer(), 0, text.length());
                    text.clear();
                }
            }
            text.append(frame[2]);
            out.write(text.buffer(), 0, text.length());
            rowsWritten.run();
        });
    }

    /** The index rendered as text, from a kept stencil in a one-shot run. */
    private String text(Stencils stencils, Map<String, Object> index) {
        return stencils.isKept() ? stencils.renderText(Templates.INDEX, index)
                : templates.render(Templates.INDEX, index);
    }

    /**
     * Writes rows.json: when it was rendered, how many rows the page lists itself, and every row (the cached
     * JSON of the row, then the uptimes of now). Written before the index, so that a page never names rows its
     * rows.json lacks.
     */
    private void writeRows(String rendered, List<PageModels.Line> lines, CachedRow[] rows, int shown) {
        AtomicFiles.writeStreamViaSpare(monitor.webFolder().resolve(ROWS), out -> {
            Utf8Text text = new Utf8Text(INDEX_CHUNK + 64 * 1024);
            text.append("{\"rendered\":\"" + rendered + "\",\"static\":" + shown + ",\"rows\":[\n");
            for (int i = 0; i < rows.length; i++) {
                if (i > 0) {
                    text.append(ROW_SEPARATOR);
                }
                text.append(rows[i].json());
                String[] now = lines.get(i).live();
                text.append(UPTIME_24);
                RowJson.string(text, now[PageModels.UPTIME_24]);
                text.append(UPTIME_7);
                RowJson.string(text, now[PageModels.UPTIME_7]);
                text.append((byte) '}');
                if (text.length() >= INDEX_CHUNK) {
                    out.write(text.buffer(), 0, text.length());
                    text.clear();
                }
            }
            text.append("\n]}\n");
            out.write(text.buffer(), 0, text.length());
        });
    }

    private static final byte[] ROW_SEPARATOR = ",\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UPTIME_24 = ",\"uptime24\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UPTIME_7 = ",\"uptime7\":".getBytes(StandardCharsets.UTF_8);

    /** The index goes to its file in pieces of this many bytes: it is megabytes, and never whole in memory. */
    private static final int INDEX_CHUNK = 256 * 1024;

    /**
     * The index page around its rows, in UTF-8: before the first row, between two rows, after the last. Found by
     * rendering the index with two and with three rows that are markers; null when the template does more with the
     * rows than print them one after the other (then the index is rendered the plain way).
     */
    private byte[][] frame(Map<String, Object> index, Stencils stencils) {
        if (!templates.stencilable(Templates.INDEX)) {
            return null;
        }
        index.put("rowsHtml", List.of(new Stencil.Slot(0), new Stencil.Slot(1)));
        Stencil two = Stencil.parse(text(stencils, index));
        index.put("rowsHtml", List.of(new Stencil.Slot(0), new Stencil.Slot(1), new Stencil.Slot(2)));
        Stencil three = Stencil.parse(text(stencils, index));
        index.remove("rowsHtml");
        if (two == null || three == null || !two.isSequence(2) || !three.isSequence(3)) {
            return null;
        }
        List<String> a = two.texts();
        List<String> b = three.texts();
        if (!a.get(0).equals(b.get(0)) || !a.get(1).equals(b.get(1)) || !a.get(1).equals(b.get(2))
                || !a.get(2).equals(b.get(3))) {
            return null;
        }
        return new byte[][] {a.get(0).getBytes(StandardCharsets.UTF_8), a.get(1).getBytes(StandardCharsets.UTF_8),
            a.get(2).getBytes(StandardCharsets.UTF_8)};
    }

    public Path servicePage(String service) {
        return serviceFolder.resolve(checked(service).concat(".html"));
    }

    public Path serviceFeed(String service) {
        return serviceFolder.resolve(checked(service).concat(".rss"));
    }

    /** Removes the page and feed of a service whose history was purged. */
    public void forget(String service) {
        try {
            AtomicFiles.deleteWithSpare(servicePage(service));
            AtomicFiles.deleteWithSpare(serviceFeed(service));
            known.forget(servicePage(service));
            known.forget(serviceFeed(service));
            feedMarks.remove(service);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the page of " + service + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasControl(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String checked(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || hasControl(name)) {
            throw new IllegalArgumentException("service name '" + name + "': must be a file name without '/',"
                    + " control characters, '.' or '..'");
        }
        return name;
    }
}
