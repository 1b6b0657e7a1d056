package io.promisemonitor.core.render;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.feed.Feeds;
import io.promisemonitor.core.history.Availability;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.history.ServiceHistory;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.liveness.Staleness;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.publish.HalJson;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.status.Quieting;
import io.promisemonitor.core.status.ServiceStatus;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Turns a {@link SiteState} into the models the templates read ({@link RowModel}, {@link PageModel}): records of
 * ready-made strings and lists, so that templates hold no logic beyond {@code #if} and {@code #each} and an
 * instance's own copy is easy to write. The records' component names are the templates' names (docs/dashboard.md
 * lists them; TemplateModelTest checks both).
 */
public final class PageModels {

    /**
     * The index lists this many rows itself (bad ones first), and more, up to {@link #STATIC_BAD_ROWS}, while they
     * are not OK; monitor.js draws the others from rows.json. With ten thousand services, every row in the page made
     * it 17.7 MB; without JavaScript the bad ones are still listed, first.
     */
    static final int STATIC_ROWS = 200;
    static final int STATIC_BAD_ROWS = 1000;

    /** Runs shown in a row's strip on the index, and on a service's own page. */
    static final int INDEX_STRIP = 20;
    static final int PAGE_STRIP = 100;
    /** Hover texts keep the start of a message only: the page must stay light with a thousand services. */
    static final int TIP_MESSAGE = 80;

    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("z", Locale.ENGLISH);
    private static final String PENDING = "PENDING";
    /** Each status's CSS class, its name in lower case: made once, not at every row, page, event and strip. */
    private static final Map<Status, String> CLASSES = new EnumMap<>(Status.class);

    static {
        for (Status status : Status.values()) {
            CLASSES.put(status, status.name().toLowerCase(Locale.ROOT));
        }
    }

    private final SiteState state;
    private final Map<ZoneOffset, String> zoneNames = new ConcurrentHashMap<>();
    private final ZoneRules rules;
    /** The zone's offset when it has but one (UTC, a ZoneOffset), else null. */
    private final ZoneOffset fixedOffset;
    /**
     * The rows of the index made in this render, by service, until its page is made: the page takes from its row
     * all but the links (which lead from elsewhere), the strip (longer) and the times; after a restart that is
     * every service, and the row's work was done twice.
     */
    private final RowModel[] indexRows;
    /** Each service's line's values of now ({@link Line#live}): its page shows the same uptimes. */
    private final String[][] lives;
    /**
     * Where each service is in the state's list, by identity: the two arrays above are by that place, filled and
     * read on every core without a shared map's updates (a concurrent map's were 3 % of a render after a restart).
     */
    private final Map<ServiceConfig, Integer> places;

    PageModels(SiteState state) {
        this.state = state;
        this.rules = state.zone().getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        List<ServiceConfig> services = state.services();
        this.indexRows = new RowModel[services.size()];
        this.lives = new String[services.size()][];
        this.places = new IdentityHashMap<>(services.size());
        for (int i = 0; i < services.size(); i++) {
            places.put(services.get(i), i);
        }
    }

    /** Where {@code service} is in the state's list; -1 for a service that is not in it. */
    private int place(ServiceConfig service) {
        Integer at = places.get(service);
        return at == null ? -1 : at;
    }

    /**
     * What a row of the index shows, but for its clock-dependent values, cheap to compute: when two renders give
     * equal keys, the row's HTML is the same but for those values, and the renderer reuses it with the values of now.
     */
    record RowKey(ServiceConfig config, ServiceStatus status, long historyVersion, boolean stale,
            List<String> blocking) {
    }

    /*
     * The values of a row that change with the clock alone, numbered as its slots and as Line.live: last run and
     * "failing since" as relative times (3 min ago; null when not shown), uptime over 24 hours and over 7 days.
     */
    static final int START_AGO = 0;
    static final int SINCE_AGO = 1;
    static final int UPTIME_24 = 2;
    static final int UPTIME_7 = 3;
    /** The slots of those values, made once: every row of the index holds them. */
    private static final Stencil.Slot[] SLOTS = {new Stencil.Slot(START_AGO), new Stencil.Slot(SINCE_AGO),
        new Stencil.Slot(UPTIME_24), new Stencil.Slot(UPTIME_7)};

    /**
     * One line of the index before rendering: its rank for sorting, its status word, its key, and the values of now
     * that change with the clock alone ({@link #START_AGO} and the following).
     */
    record Line(ServiceConfig config, int rank, boolean stale, String status, RowKey key, String[] live) {
    }

    /**
     * Every service's line, bad ones first: ERROR, STALE, UNKNOWN, WARNING, no result yet, OK; then by id. A service
     * blocked by a failing dependency comes right under the first of them; services in maintenance come last.
     */
    List<Line> lines() {
        List<ServiceConfig> services = state.services();
        // every render asks this of every service: with thousands, on every core
        IntStream places = IntStream.range(0, services.size());
        List<Line> lines = new ArrayList<>((services.size() > 1024 ? places.parallel() : places)
                .mapToObj(i -> line(services.get(i), i)).toList());
        lines.sort(Comparator.comparingInt(Line::rank).reversed().thenComparing(l -> l.config().name()));
        if (blockedBy().isEmpty()) {
            return lines;
        }
        Map<String, List<Line>> under = new LinkedHashMap<>();
        List<Line> top = new ArrayList<>(lines.size());
        Set<String> shown = new HashSet<>();
        lines.forEach(l -> shown.add(l.config().name()));
        for (Line l : lines) {
            ServiceStatus s = l.key().status();
            String leader = s == null || s.quieting().silenced() ? null : s.quieting().blockedBy().stream()
                    .filter(d -> shown.contains(d) && !d.equals(l.config().name())).findFirst().orElse(null);
            if (leader == null) {
                top.add(l);
            } else {
                under.computeIfAbsent(leader, k -> new ArrayList<>()).add(l);
            }
        }
        List<Line> out = new ArrayList<>(lines.size());
        Set<String> placed = new HashSet<>();
        for (Line l : top) {
            place(l, under, out, placed);
        }
        for (Line l : lines) {
            // a chain of blocked services leading back to itself: shown where it sorts
            if (placed.add(l.config().name())) {
                out.add(l);
            }
        }
        return out;
    }

    private static void place(Line l, Map<String, List<Line>> under, List<Line> out, Set<String> placed) {
        if (!placed.add(l.config().name())) {
            return;
        }
        out.add(l);
        for (Line child : under.getOrDefault(l.config().name(), List.of())) {
            place(child, under, out, placed);
        }
    }

    private volatile Map<String, List<String>> blocked;

    /** For each failing service, the services it blocks (their status files' {@code blocked-by}), by name. */
    private Map<String, List<String>> blockedBy() {
        Map<String, List<String>> b = blocked;
        if (b == null) {
            Map<String, List<String>> made = new TreeMap<>();
            for (ServiceStatus s : state.statuses().values()) {
                for (String dependency : s.quieting().blockedBy()) {
                    made.computeIfAbsent(dependency, k -> new ArrayList<>()).add(s.id());
                }
            }
            made.values().forEach(list -> list.sort(Comparator.naturalOrder()));
            blocked = b = made;
        }
        return b;
    }

    private Line line(ServiceConfig service, int place) {
        String id = service.name();
        ServiceStatus s = state.statuses().get(id);
        Optional<ServiceHistory> history = state.history() == null ? Optional.empty() : state.history().history(id);
        long version = history.map(ServiceHistory::version).orElse(-1L);
        String[] live = new String[4];
        live[UPTIME_24] = uptime(history, Duration.ofHours(24));
        live[UPTIME_7] = uptime(history, Duration.ofDays(7));
        lives[place] = live;
        List<String> blocking = blockedBy().getOrDefault(id, List.of());
        if (s == null) {
            return new Line(service, 1, false, PENDING, new RowKey(service, null, version, false, blocking), live);
        }
        boolean stale = Staleness.isStale(s, service, state.now());
        int rank = s.quieting().silenced() ? -1 : s.status() == Status.ERROR ? 5 : stale ? 4
                : s.status() == Status.UNKNOWN ? 3 : s.status() == Status.WARNING ? 2 : 0;
        live[START_AGO] = ago(s.startDate().toInstant());
        live[SINCE_AGO] = s.status().isBad() ? ago(s.changeDate().toInstant()) : null;
        return new Line(service, rank, stale, s.status().name(), new RowKey(service, s, version, stale, blocking),
                live);
    }

    /**
     * A row of the index with its clock-dependent values left as {@link Stencil.Slot slots} (numbered as in
     * {@link Line#live}): rendered, it is a stencil that the renderer fills with the times of each render.
     */
    Map<String, Object> indexRow(ServiceConfig service) {
        return indexRowModel(service).toMap();
    }

    /** {@link #indexRow} as the record: stencils and rows.json read it without a map made of it. */
    RowModel indexRowModel(ServiceConfig service) {
        RowModel row = rowModel(service, "", INDEX_STRIP, Times.SLOTS);
        int place = place(service);
        if (place >= 0) {
            indexRows[place] = row;
        }
        return row;
    }

    /**
     * What {@code rowModel(service, "../", PAGE_STRIP, Times.NO_RELATIVE)} gives, from the service's row of the index
     * made in this render (with root "" every link of the row is the page's without its "../"): only the strip and
     * the uptimes are made anew (the uptimes taken from the service's line when there is one).
     */
    private RowModel pageRow(ServiceConfig service, RowModel row, String root) {
        Optional<ServiceHistory> history = state.history() == null ? Optional.empty()
                : state.history().history(service.name());
        Strip strip = history.map(h -> strip(h.lastRunStrip(PAGE_STRIP))).orElse(Strip.NONE);
        int place = place(service);
        String[] live = place < 0 ? null : lives[place];
        String uptime24 = live != null ? live[UPTIME_24] : uptime(history, Duration.ofHours(24));
        String uptime7 = live != null ? live[UPTIME_7] : uptime(history, Duration.ofDays(7));
        return new RowModel(row.id(), row.anchor(), row.title(), rooted(root, row.pageHref()),
                rooted(root, row.feedHref()), rooted(root, row.statusHref()), rooted(root, row.historyHref()),
                rooted(root, row.publicHref()), rooted(root, row.privateHref()), rooted(root, row.interfaceHref()),
                rooted(root, row.rerunHref()),
                row.schedule(), row.timeout(), row.status(), row.cls(), row.message(), row.details(), row.startIso(),
                row.startText(), null, row.execText(), row.sinceIso(), row.sinceText(), null, row.sinceLabel(),
                row.staleAfterMs(), row.stale(), row.staleText(), row.rowClass(), row.maintenanceText(),
                row.blockedText(), row.attemptText(), row.flappingText(), row.blockingText(), row.perfdata(),
                strip.groups, strip.runs, strip.label, uptime24, uptime7);
    }

    /**
     * {@code root + href} (null for a null href) in one copy: the code is compiled with string concatenation
     * inlined (no bootstrap at a one-shot run's start), which costs a growing StringBuilder per concatenation.
     */
    private static String rooted(String root, String href) {
        return href == null ? null : root.isEmpty() ? href : root.concat(href);
    }

    /** How a row model gives its clock-dependent values. */
    enum Times {
        /** As text of now. */
        NOW,
        /** As {@link Stencil.Slot slots}. */
        SLOTS,
        /** Without relative times, uptimes as text of now: a service's page. */
        NO_RELATIVE
    }

    /** One service as the row and page templates see it; {@code root} leads from the page to the web root. */
    Map<String, Object> row(ServiceConfig service, String root, int stripLength) {
        return row(service, root, stripLength, Times.NOW);
    }

    private Map<String, Object> row(ServiceConfig service, String root, int stripLength, Times times) {
        return rowModel(service, root, stripLength, times).toMap();
    }

    /** One service as the row and page templates see it; {@code root} leads from the page to the web root. */
    RowModel rowModel(ServiceConfig service, String root, int stripLength, Times times) {
        String id = service.name();
        String seg = UrlLayout.segment(id);
        Optional<ServiceStatus> status = Optional.ofNullable(state.statuses().get(id));
        Optional<ServiceHistory> history = state.history() == null ? Optional.empty() : state.history().history(id);
        String privateHref = UrlLayout.privateFolderHref(id);
        String interfaceHref = HalJson.interfaceHref(service);
        String statusWord;
        String cls;
        String message;
        String details = null;
        String startIso = null;
        String startText = null;
        Object startAgo = null;
        String execText = null;
        String sinceIso = null;
        String sinceText = null;
        Object sinceAgo = null;
        String sinceLabel = null;
        Long staleAfterMs = null;
        Boolean stale = null;
        String staleText = null;
        List<RowModel.PerfModel> perfdata = null;
        QuietText quiet = QuietText.NONE;
        if (status.isPresent()) {
            ServiceStatus s = status.get();
            Instant staleAfter = Staleness.staleAfter(s, service);
            statusWord = s.status().name();
            cls = CLASSES.get(s.status());
            message = s.message();
            details = s.details();
            Instant start = s.startDate().toInstant();
            startIso = iso(start);
            startText = absolute(start);
            if (times != Times.NO_RELATIVE) {
                startAgo = times == Times.SLOTS ? SLOTS[START_AGO] : ago(start);
            }
            execText = seconds(s.executionTime());
            if (s.status().isBad()) {
                Instant since = s.changeDate().toInstant();
                sinceIso = iso(since);
                sinceText = absolute(since);
                if (times != Times.NO_RELATIVE) {
                    sinceAgo = times == Times.SLOTS ? SLOTS[SINCE_AGO] : ago(since);
                }
                sinceLabel = s.status() == Status.WARNING ? "warning since" : "failing since";
            }
            quiet = quietText(s.quieting());
            staleAfterMs = staleAfter.toEpochMilli();
            if (state.now().isAfter(staleAfter)) {
                stale = Boolean.TRUE;
                staleText = "no result since " + absolute(start) + "; one is expected at least every "
                        + seconds(Staleness.limit(service));
            }
            if (!s.perfdata().isEmpty()) {
                perfdata = new ArrayList<>(s.perfdata().size());
                for (Perfdata p : s.perfdata()) {
                    perfdata.add(new RowModel.PerfModel(p.label(), valueText(p), p.warn() == null ? "" : p.warn(),
                            p.crit() == null ? "" : p.crit(), p.min() == null ? "" : p.min(),
                            p.max() == null ? "" : p.max(), perfText(p)));
                }
            }
        } else {
            statusWord = PENDING;
            cls = "pending";
            message = "no result yet";
        }
        List<String> blocking = blockedBy().getOrDefault(id, List.of());
        String blockingText = blocking.isEmpty() ? null : blocking.size() + (blocking.size() == 1 ? " service"
                : " services") + " blocked by " + id + ": " + String.join(", ", blocking);
        Strip strip = history.map(h -> strip(h.lastRunStrip(stripLength))).orElse(Strip.NONE);
        Object uptime24 = times == Times.SLOTS ? SLOTS[UPTIME_24] : uptime(history, Duration.ofHours(24));
        Object uptime7 = times == Times.SLOTS ? SLOTS[UPTIME_7] : uptime(history, Duration.ofDays(7));
        return new RowModel(id, "s-".concat(seg), service.title() == null || service.title().isEmpty() ? id
                : service.title(), rooted(root, Feeds.servicePage(id)), rooted(root, Feeds.serviceFeed(id)),
                rooted(root, UrlLayout.statusHref(id)), rooted(root, UrlLayout.historyHref(id)),
                service.publicPathList().isEmpty() ? null : rooted(root, UrlLayout.publicFolderHref(id)),
                // the folder exists only when the service links something into it: no link to a 404
                service.privatePathList().isEmpty() ? null : rooted(root, privateHref),
                interfaceHref.equals(privateHref) ? null : rooted(root, interfaceHref),
                rooted(root, UrlLayout.rerunHref(id)), service.frequency().expression(),
                seconds(service.timeout()), statusWord, cls, message, details, startIso, startText, startAgo,
                execText, sinceIso, sinceText, sinceAgo, sinceLabel, staleAfterMs, stale, staleText,
                quiet.rowClass, quiet.maintenance, quiet.blocked, quiet.attempt, quiet.flapping, blockingText, perfdata,
                strip.groups, strip.runs, strip.label, uptime24, uptime7);
    }

    /** A row's strip: its groups, the compressed start times and the label; all null without runs. */
    private record Strip(List<RowModel.StripGroup> groups, String runs, String label) {
        static final Strip NONE = new Strip(null, null, null);
    }

    /** What keeps a service's results from being news, as lines under its message; nulls when nothing holds. */
    private record QuietText(String rowClass, String maintenance, String blocked, String attempt, String flapping) {
        static final QuietText NONE = new QuietText(null, null, null, null, null);
    }

    private QuietText quietText(Quieting q) {
        if (q.isNone()) {
            return QuietText.NONE;
        }
        return new QuietText(q.silenced() ? " in-maintenance" : q.blocked() ? " blocked" : null,
                q.silenced() ? "in maintenance until " + absolute(q.silencedUntil().toInstant())
                        + (q.silenceReason() == null ? "" : ": " + q.silenceReason()) : null,
                q.blocked() ? "blocked by " + String.join(", ", q.blockedBy()) + ": not notified while "
                        + (q.blockedBy().size() == 1 ? "it fails" : "they fail") : null,
                q.attempt() == null ? null : "unconfirmed " + q.attemptStatus() + ", attempt " + q.attempt(),
                q.flapping() ? "flapping: its changes are not notified until it settles" : null);
    }

    /**
     * The strip of the last runs: one cell per run, in groups of consecutive runs with the same status and message,
     * each group with one hover text (the time of its run, or the first and last times and the count, then status
     * and message); a thousand services times twenty cells each with its own text made the index megabytes. The
     * strip's {@code data-runs} holds each run's start: the first in epoch seconds, then the seconds since the one
     * before, {@code 60*19} for nineteen times 60; from it monitor.js gives every cell its own time.
     */
    private Strip strip(ServiceHistory.RunStrip runs) {
        int n = runs.size();
        if (n == 0) {
            return Strip.NONE;
        }
        long[] seconds = runs.seconds();
        Status[] statuses = runs.statuses();
        String[] messages = runs.messages();
        List<RowModel.StripGroup> groups = new ArrayList<>();
        int[] tally = new int[STATUSES.length];
        StringBuilder times = new StringBuilder(32);
        long last = 0;
        long step = 0;
        int steps = 0;
        int first = 0;
        for (int i = 0; i < n; i++) {
            long t = seconds[i];
            if (i == 0) {
                times.append(t);
            } else if (steps > 0 && t - last == step) {
                steps++;
            } else {
                steps(times, step, steps);
                step = t - last;
                steps = 1;
            }
            last = t;
            tally[statuses[i].ordinal()]++;
            if (i + 1 == n || statuses[i + 1] != statuses[i] || !messages[i + 1].equals(messages[i])) {
                groups.add(group(seconds[first], seconds[i], statuses[first], messages[first], i + 1 - first));
                first = i + 1;
            }
        }
        steps(times, step, steps);
        StringBuilder label = new StringBuilder(48).append("Last ").append(n).append(" results, oldest first: ");
        boolean more = false;
        for (Status status : STATUSES) {
            if (tally[status.ordinal()] > 0) {
                if (more) {
                    label.append(", ");
                }
                label.append(tally[status.ordinal()]).append(' ').append(status.name());
                more = true;
            }
        }
        return new Strip(groups, times.toString(), label.toString());
    }

    /** Every status, in the order of its declaration (an EnumMap's order, which the strip's label had). */
    private static final Status[] STATUSES = Status.values();

    /** {@code 60*19}: nineteen runs, each a minute after the one before; a run on schedule costs no byte. */
    private static void steps(StringBuilder times, long step, int steps) {
        if (steps > 0) {
            times.append(' ').append(step);
            if (steps > 1) {
                times.append('*').append(steps);
            }
        }
    }

    private RowModel.StripGroup group(long from, long to, Status status, String fullMessage, int n) {
        String message = HistoryStore.cut(fullMessage, TIP_MESSAGE);
        StringBuilder tip = new StringBuilder(80 + message.length());
        if (n == 1) {
            tip.append(absolute(from)).append(' ');
        } else {
            String start = absolute(from);
            String end = absolute(to);
            // the same day once: 2026-11-21 10:00:00 Z to 10:19:00 Z
            if (end.regionMatches(0, start, 0, 11)) {
                end = end.substring(11);
            }
            tip.append(start).append(" to ").append(end).append(", ").append(n).append(" runs, ");
        }
        tip.append(status.name()).append(": ").append(message);
        return new RowModel.StripGroup(CLASSES.get(status), tip.toString(), cells(n));
    }

    private static final String[] CELLS = new String[PAGE_STRIP + 1];

    static {
        for (int n = 0; n < CELLS.length; n++) {
            CELLS[n] = "<i></i>".repeat(n);
        }
    }

    /** {@code n} cells, each a run: raw HTML, so that a template does not loop over hundreds of empty items. */
    private static String cells(int n) {
        return n < CELLS.length ? CELLS[n] : "<i></i>".repeat(n);
    }

    /** The page's title: the monitor's, or "Monitor". */
    private String title() {
        return state.monitor().title() == null || state.monitor().title().isEmpty() ? "Monitor"
                : state.monitor().title();
    }

    private List<String> alerts() {
        return state.alerts().isEmpty() ? null : state.alerts();
    }

    /**
     * The index without its rows: what every page shows in its head and header, when it was rendered, counts and
     * related monitors. The head and header change with nothing but the configuration: a service's page whose
     * service did not change keeps its bytes, so a render after a restart need not rewrite it.
     */
    Map<String, Object> index(List<Line> lines) {
        return indexModel(lines).toMap();
    }

    PageModel.Index indexModel(List<Line> lines) {
        // The index is written at every render anyway: it says when, and whether the executor is alive.
        String heartbeatIso = null;
        String executorDown = null;
        if (state.heartbeat().isPresent()) {
            Instant beat = state.heartbeat().get();
            heartbeatIso = beat.toString();
            if (Heartbeat.isOld(beat, state.now())) {
                executorDown = "executor not running since " + absolute(beat) + " (" + ago(beat) + ")";
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of("ERROR", "UNKNOWN", "WARNING", PENDING, "OK")) {
            counts.put(s, 0);
        }
        int stale = 0;
        for (Line l : lines) {
            counts.merge(l.status(), 1, Integer::sum);
            stale += l.stale() ? 1 : 0;
        }
        List<PageModel.Count> countList = new ArrayList<>();
        counts.forEach((status, n) -> countList.add(count(status, n)));
        countList.add(count("STALE", stale));
        int shown = staticRows(lines);
        List<String> related = new ArrayList<>();
        for (URI url : state.monitor().monitorUrlList()) {
            related.add(UrlLayout.withTrailingSlash(url));
        }
        return new PageModel.Index(title(), "", state.refresh().toSeconds(), Heartbeat.OLD_AFTER.toSeconds(),
                alerts(), UrlLayout.RSS, state.now().toString(), absolute(state.now()), heartbeatIso, executorDown,
                countList, lines.size(), related.isEmpty() ? null : related,
                // only once a report exists: no link to a 404
                Files.exists(state.monitor().webFolder().resolve("reports/index.html")) ? "reports/index.html"
                        : null, shown, shown < lines.size() ? lines.size() - shown : null);
    }

    /** How many rows, from the first, the index lists itself; see {@link #STATIC_ROWS}. */
    static int staticRows(List<Line> lines) {
        int bad = 0;
        while (bad < lines.size() && bad < STATIC_BAD_ROWS && lines.get(bad).rank() > 0) {
            bad++;
        }
        return Math.max(Math.min(lines.size(), STATIC_ROWS), bad);
    }

    private static PageModel.Count count(String status, int n) {
        return new PageModel.Count(status, status.toLowerCase(Locale.ROOT), n);
    }

    /**
     * A service's own page: its row (with a longer strip) and its events, newest first. Without relative times
     * ("3 min ago"), which would be wrong by the next minute in a page rewritten only when its service changes:
     * the page gives absolute times, and monitor.js adds the relative ones.
     */
    Map<String, Object> servicePage(ServiceConfig service) {
        return servicePageModel(service).toMap();
    }

    /** {@link #servicePage} as the record: stencils read it without a map made of it. */
    PageModel.Service servicePageModel(ServiceConfig service) {
        List<PageModel.Event> events = new ArrayList<>();
        state.history().history(service.name()).ifPresent(h -> {
            List<HistoryEvent> all = h.events();
            for (int i = all.size() - 1; i >= 0; i--) {
                HistoryEvent e = all.get(i);
                boolean action = e.kind() == HistoryEvent.Kind.ACTION;
                events.add(new PageModel.Event("e-" + e.id(), e.headline(), action ? "action" : "change",
                        action || e.status() == null ? "action" : CLASSES.get(e.status()),
                        action ? "ACTION" : e.status() == null ? "" : e.status().name(),
                        e.previous() == null ? "" : e.previous().name(), e.message(), iso(e.time()),
                        absolute(e.time())));
            }
        });
        String root = "../";
        int place = place(service);
        RowModel row = place < 0 ? null : indexRows[place];
        if (row != null) {
            indexRows[place] = null;
        }
        return new PageModel.Service(title(), root, state.refresh().toSeconds(), Heartbeat.OLD_AFTER.toSeconds(),
                alerts(), PAGE_FEED_HREF, row != null ? pageRow(service, row, root)
                        : rowModel(service, root, PAGE_STRIP, Times.NO_RELATIVE),
                UrlLayout.segment(service.name()).concat(".rss"), events, uptimeRule());
    }

    /** The global feed from a service's page. */
    private static final String PAGE_FEED_HREF = "../" + UrlLayout.RSS;

    /** How the uptimes shown were counted, printed under them on a service's page: made once, the same on each. */
    private String uptimeRule() {
        String rule = uptimeRule;
        if (rule == null) {
            uptimeRule = rule = makeUptimeRule();
        }
        return rule;
    }

    private volatile String uptimeRule;

    private String makeUptimeRule() {
        return "Counted from the first result. Not observed: no valid result (runs stopped or late) or the executor"
                + " not running. UNKNOWN and not-observed time " + switch (state.unknownAs()) {
                    case DOWN -> "count as down";
                    case UP -> "count as up";
                    case EXCLUDED -> "are left out of the share";
                } + " (report-unknown-as = " + state.unknownAs().word() + "); maintenance is always left out.";
    }

    /** {@code 2026-11-21 19:42:00 UTC}, in the monitor's zone; by hand, as DateTimeFormatter is slow for 200,000 cells. */
    String absolute(Instant t) {
        return absolute(t.getEpochSecond(), t);
    }

    /** {@link #absolute(Instant)} of a whole second. */
    private String absolute(long epochSecond) {
        return absolute(epochSecond, null);
    }

    /** {@code t} may be null (then made when the zone's offset varies): a strip's times are seconds. */
    private String absolute(long epochSecond, Instant t) {
        // the zone's rules once (a ZoneOffset makes new ones at each getRules()), the date without a LocalDateTime
        ZoneOffset offset = fixedOffset != null ? fixedOffset
                : rules.getOffset(t != null ? t : Instant.ofEpochSecond(epochSecond));
        long local = epochSecond + offset.getTotalSeconds();
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(local, 86400));
        int second = Math.floorMod(local, 86400);
        StringBuilder b = new StringBuilder(24);
        b.append(d.getYear()).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth()).append(' ');
        two(b, second / 3600).append(':');
        two(b, second / 60 % 60).append(':');
        two(b, second % 60).append(' ');
        String zone = zoneNames.get(offset);
        if (zone == null) {
            Instant at = t != null ? t : Instant.ofEpochSecond(epochSecond);
            zone = zoneNames.computeIfAbsent(offset, o -> zoneName(state.zone(), at));
        }
        return b.append(zone).toString();
    }

    /**
     * The short name of {@code zone} at {@code t} ({@code CET}, {@code UTC}): from the JDK's time-zone names, but for
     * the zones a server most often runs in, whose names are known without loading them (a tenth of a cron line's
     * run): a fixed offset is its id, UTC and GMT their own.
     */
    static String zoneName(ZoneId zone, Instant t) {
        if (zone instanceof ZoneOffset offset) {
            return offset.getId();
        }
        return switch (zone.getId()) {
            case "UTC", "Etc/UTC" -> "UTC";
            case "GMT", "Etc/GMT" -> "GMT";
            default -> ZONE_NAME.withZone(zone).format(t);
        };
    }

    /**
     * {@code t.toString()} ({@code 2026-11-21T19:42:00Z}), by hand for whole seconds of years 0 to 9999: the ISO
     * formatter behind Instant.toString was a tenth of a service's page model.
     */
    static String iso(Instant t) {
        long s = t.getEpochSecond();
        if (t.getNano() != 0 || s < MIN_ISO || s > MAX_ISO) {
            return t.toString();
        }
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(s, 86400));
        int second = Math.floorMod(s, 86400);
        int year = d.getYear();
        StringBuilder b = new StringBuilder(20);
        b.append((char) ('0' + year / 1000)).append((char) ('0' + year / 100 % 10));
        two(b, year % 100).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth()).append('T');
        two(b, second / 3600).append(':');
        two(b, second / 60 % 60).append(':');
        two(b, second % 60);
        return b.append('Z').toString();
    }

    /** The first and last second of years 0 and 9999, which Instant.toString prints with four digits. */
    private static final long MIN_ISO = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_ISO = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** {@code just now}, {@code 45 s ago}, {@code 3 min ago}, {@code 2 h 5 min ago}, {@code 3 d 4 h ago}. */
    String ago(Instant t) {
        return ago(Duration.between(t, state.now()).getSeconds());
    }

    static String ago(long s) {
        if (s < 0) {
            return "in the future";
        }
        if (s < 5) {
            return "just now";
        }
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86400) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min ago";
        }
        return s / 86400 + " d " + (s % 86400) / 3600 + " h ago";
    }

    /** {@code 0.123 s}, {@code 12.5 s}, {@code 2 min 3 s}; by hand, as String.format was a third of a row's cost. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 0) {
            return String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
        }
        if (ms < 10_000) {
            long thousandths = ms % 1000;
            return ms / 1000 + (thousandths < 10 ? ".00" : thousandths < 100 ? ".0" : ".") + thousandths + " s";
        }
        if (ms < 60_000) {
            // rounded half up, as %.1f does
            long tenths = (ms + 50) / 100;
            return tenths / 10 + "." + tenths % 10 + " s";
        }
        long s = ms / 1000;
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }

    /** {@link #uptime(ServiceHistory, Duration)}, or {@code n/a} without a history. */
    private String uptime(Optional<ServiceHistory> history, Duration window) {
        return history.isPresent() ? uptime(history.get(), window) : "n/a";
    }

    /**
     * {@code 99.5 %}, and how much of the window nobody observed when some was ({@code 99.5 %, 2.1 % not observed}):
     * no valid result (runs stopped or late) or the executor not running. Time before the first result does not count.
     */
    String uptime(ServiceHistory history, Duration window) {
        Availability a = history.availability(state.now().minus(window), state.now(), state.gaps());
        String up = percent(a.share(state.unknownAs()));
        if (a.notObserved() == 0) {
            return up;
        }
        double share = a.notObservedShare();
        return up + ", " + (share < 0.001 ? "under 0.1 %" : percent(share)) + " not observed";
    }

    /** Rounded down, so 99.96 % never shows as 100 %. */
    static String percent(double share) {
        if (Double.isNaN(share)) {
            return "n/a";
        }
        long tenths = (long) Math.floor(share * 1000);
        return (tenths % 10 == 0 ? String.valueOf(tenths / 10) : tenths / 10 + "." + tenths % 10) + " %";
    }

    /** {@code /srv = 97% (warn 90, crit 95, min 0, max 100)}: one short line for the index. */
    private static String perfText(Perfdata p) {
        StringBuilder b = new StringBuilder(p.label()).append(" = ")
                .append(valueText(p));
        List<String> limits = new ArrayList<>(4);
        if (p.warn() != null) {
            limits.add("warn " + p.warn());
        }
        if (p.crit() != null) {
            limits.add("crit " + p.crit());
        }
        if (p.min() != null) {
            limits.add("min " + p.min());
        }
        if (p.max() != null) {
            limits.add("max " + p.max());
        }
        return limits.isEmpty() ? b.toString() : b.append(" (").append(String.join(", ", limits)).append(')')
                .toString();
    }

    /** NaN is how a plugin's {@code U} arrives. */
    static String valueText(Perfdata p) {
        if (Double.isNaN(p.value())) {
            return "unknown";
        }
        return Double.isFinite(p.value()) ? number(p.value()) + p.unit() : "(not a number)";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
