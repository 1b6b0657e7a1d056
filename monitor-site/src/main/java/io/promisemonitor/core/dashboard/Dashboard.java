package io.promisemonitor.core.dashboard;

import io.promisemonitor.core.catalogue.CatalogueEntry;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RunListener;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.ServiceRunOutcome;
import io.promisemonitor.core.feed.Feeds;
import io.promisemonitor.core.history.AvailabilityReports;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.io.WriteFailures;
import io.promisemonitor.core.liveness.ExecutorGaps;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.liveness.Staleness;
import io.promisemonitor.core.notify.ChangeNotice;
import io.promisemonitor.core.notify.Notifier;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.feed.SlapOsFiles;
import io.promisemonitor.core.render.Badges;
import io.promisemonitor.core.render.RenderCoalescer;
import io.promisemonitor.core.render.SiteRenderer;
import io.promisemonitor.core.render.SiteState;
import io.promisemonitor.core.render.Templates;
import io.promisemonitor.core.status.Quieting;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusChange;
import io.promisemonitor.core.status.StatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one recording path of results: told of every recorded result ({@link #recorded}, under the service's lock),
 * it keeps the history, renders the pages and feeds (coalesced), and runs the notification hooks on status
 * changes. Attach it to an executor with {@link #attach}; a run outside the executor ({@code monitor run-promise})
 * records through {@link #withoutExecutor}. The web side may call {@link #renderNow()} after a rerun, though a run
 * whose ticket says {@code rerun} is rendered at once anyway.
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.attach(executor, clock);
 * dashboard.start();
 * }</pre>
 */
public final class Dashboard implements RunListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.dashboard");
    static final Duration HOUSEKEEPING = Duration.ofSeconds(1);
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** The executor needs a moment to list the services: a purge before that would see every service as removed. */
    static final Duration FIRST_PURGE_AFTER = Duration.ofMinutes(10);

    private final MonitorConfig monitor;
    private final Clock clock;
    private final DashboardSettings settings;
    private final Supplier<List<ServiceConfig>> services;
    private final HistoryStore history;
    private final SiteRenderer renderer;
    private final Badges badges;
    private final Notifier notifier;
    private final RenderCoalescer coalescer;
    private final Map<String, ServiceStatus> statuses = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile boolean everything;
    private volatile Map<String, String> shownServices = Map.of();
    /** The configurations {@link #shownServices} was made of, in the list's order. */
    private volatile List<ServiceConfig> shownConfigs = List.of();
    private volatile boolean shownOnce;
    private volatile Set<String> shownStale = Set.of();
    private Instant nextPurge;
    private Instant nextReportCheck = Instant.MIN;
    /** When each status turns stale, kept while its status and configuration are the same objects. */
    private final Map<String, StaleMark> staleMarks = new ConcurrentHashMap<>();
    /** SlapOS's files are written at a render once a status changed, and else at most once a minute. */
    static final Duration SLAPOS_FILES_EVERY = Duration.ofMinutes(1);
    private volatile boolean slapOsChanged = true;
    private Instant nextSlapOsFiles = Instant.MIN;
    private ScheduledExecutorService ticker;
    /** Set for a run outside the executor: the executor's dashboard is told which journals this one wrote. */
    private final boolean alone;
    private final StatusStore store;
    private final WriteFailures failures;

    /**
     * @param services the configured services now (the executor's list)
     */
    public Dashboard(MonitorConfig monitor, Clock clock, DashboardSettings settings,
            Supplier<List<ServiceConfig>> services) {
        this(monitor, clock, settings, services, false);
    }

    private Dashboard(MonitorConfig monitor, Clock clock, DashboardSettings settings,
            Supplier<List<ServiceConfig>> services, boolean alone) {
        this.alone = alone;
        this.everything = !alone;
        this.monitor = monitor;
        this.clock = clock;
        this.settings = settings;
        this.services = services;
        this.renderer = alone ? SiteRenderer.oneShot(monitor, Templates.of(settings.templatesFolder()))
                : new SiteRenderer(monitor, Templates.of(settings.templatesFolder()));
        if (!alone) {
            // the templates compiled and the record of known files read on another core while the journals are read
            // (one thread, a second with ten thousand services), not at the first render; a one-shot run renders
            // from kept stencils and compiles no template
            renderer.prepareInBackground();
        }
        String salt = monitor.baseUrl().map(UrlLayout::withTrailingSlash).orElse(monitor.instanceRoot().toString());
        // a lone run renders the index and the pages of the services it ran: of the others, the last runs do
        this.history = alone
                ? HistoryStore.openLastRuns(monitor.historyFolder(), monitor.publicFolder(), clock, salt,
                        settings.historyRuns(), settings.historyChanges(), settings.feedItems(),
                        SiteRenderer.INDEX_RUNS, settings.historyKeep())
                : HistoryStore.open(monitor.historyFolder(), monitor.publicFolder(), clock, salt,
                        settings.historyRuns(), settings.historyChanges(), settings.feedItems(),
                        settings.historyKeep());
        this.failures = new WriteFailures(LOG, clock);
        this.badges = new Badges(monitor.publicFolder());
        this.notifier = new Notifier(settings.notifyCommand(), settings.notifyUrl(), settings.notifyTimeout(),
                settings.notifyRetries(), settings.notifyRetryDelay(), monitor.instanceRoot(),
                monitor.stateFolder("notify").resolve("command-output.log"), clock, coalescerRequest());
        this.coalescer = new RenderCoalescer(clock, settings.renderInterval(), this::render);
        this.nextPurge = clock.instant().plus(FIRST_PURGE_AFTER);
        this.store = StatusStore.of(monitor, clock);
        for (ServiceStatus s : store.readAll()) {
            statuses.put(s.id(), s);
        }
    }

    /**
     * For one run outside the executor ({@code monitor run-promise}): records through the same path as the
     * executor's results; {@link #close} then publishes the service's history, page and feeds, lets its
     * notifications go out, and tells the executor's dashboard to read the history again.
     *
     * @param services every configured service, which the index and the global feed list
     */
    public static Dashboard withoutExecutor(MonitorConfig monitor, Clock clock, List<ServiceConfig> services) {
        List<ServiceConfig> list = List.copyOf(services);
        return new Dashboard(monitor, clock, DashboardSettings.of(monitor), () -> list, true);
    }

    /** A dashboard listening to {@code executor}'s results, with the settings of its {@code monitor.conf}. */
    public static Dashboard attach(PromiseExecutor executor, Clock clock) {
        return attach(executor, clock, DashboardSettings.of(executor.monitor()));
    }

    public static Dashboard attach(PromiseExecutor executor, Clock clock, DashboardSettings settings) {
        Dashboard dashboard = new Dashboard(executor.monitor(), clock, settings, new CatalogueList(executor));
        executor.addListener(dashboard);
        return dashboard;
    }

    /**
     * The executor's services in name order, made once for each state of its catalogue (which it replaces whole when
     * a file changes): asked at every render and every second, it was ten thousand lookups each time.
     */
    private static final class CatalogueList implements Supplier<List<ServiceConfig>> {
        private final PromiseExecutor executor;
        private SortedMap<String, CatalogueEntry> seen;
        private List<ServiceConfig> list = List.of();

        CatalogueList(PromiseExecutor executor) {
            this.executor = executor;
        }

        @Override
        public synchronized List<ServiceConfig> get() {
            SortedMap<String, CatalogueEntry> now = executor.catalogue().services();
            if (now != seen) {
                List<ServiceConfig> configs = new ArrayList<>(now.size());
                now.values().forEach(e -> configs.add(e.config()));
                list = List.copyOf(configs);
                seen = now;
            }
            return list;
        }
    }

    public HistoryStore history() {
        return history;
    }

    public Notifier notifier() {
        return notifier;
    }

    public RenderCoalescer coalescer() {
        return coalescer;
    }

    @Override
    public void recorded(ServiceRunOutcome outcome, StatusChange change) {
        ServiceStatus current = change.current();
        statuses.put(current.id(), current);
        List<HistoryEvent> news = told(change);
        dirty.add(current.id());
        // a dependency's page counts the services it blocks
        change.previous().ifPresent(p -> dirty.addAll(p.quieting().blockedBy()));
        dirty.addAll(current.quieting().blockedBy());
        if (change.statusChanged()) {
            slapOsChanged = true;
        }
        if (alone) {
            history.announce(current.id());
        }
        if (notifier.enabled()) {
            for (HistoryEvent e : news) {
                notifier.submit(notice(e));
            }
        }
        coalescer.request();
    }

    /**
     * Records the run, its change and its turns in the history (the feeds follow it), and returns the events to
     * notify. A change in a silence is not an event (the window's start and end are); a change while blocked by a
     * dependency or flapping is an event, not notified; at the end of a window or of flapping, a status other than
     * the one it began with is notified once; a first result that is OK tells nobody anything.
     */
    private List<HistoryEvent> told(StatusChange change) {
        ServiceStatus current = change.current();
        Quieting now = current.quieting();
        Quieting before = change.previous().map(ServiceStatus::quieting).orElse(Quieting.NONE);
        Instant at = current.startDate().toInstant();
        List<HistoryEvent> news = new ArrayList<>();
        boolean windowEnded = false;
        for (StatusChange.Turn turn : change.turns()) {
            HistoryEvent action = history.recordAction(current.id(), current.title(), current.status(),
                    turn.message(), at);
            switch (turn.kind()) {
                case FLAPPING_STARTED -> {
                    if (!now.silenced()) {
                        news.add(action);
                    }
                }
                case MAINTENANCE_ENDED, FLAPPING_ENDED -> {
                    windowEnded |= turn.kind() == StatusChange.Turn.Kind.MAINTENANCE_ENDED;
                    // a service first seen in the window began with nothing: a bad status now is news
                    boolean differs = turn.statusBefore() == null ? current.status().isBad()
                            : turn.statusBefore() != current.status();
                    if (differs && !now.silenced() && !now.flapping()) {
                        news.add(history.recordChange(current.id(), current.title(), current.status(),
                                turn.statusBefore(), current.message(), at));
                    }
                }
                default -> {
                    // a window's start is a feed item only
                }
            }
        }
        Optional<HistoryEvent> event = history.recordRun(current, change.statusChanged() && !now.silenced()
                && !windowEnded, change.previousStatus());
        boolean recoveryOfUntold = before.blocked() && current.status() == Status.OK;
        if (event.isPresent() && !now.blocked() && !now.flapping() && !recoveryOfUntold
                && !(event.get().previous() == null && event.get().status() == Status.OK)) {
            news.add(event.get());
        }
        if (before.blocked() && !now.blocked() && current.status().isBad() && event.isEmpty() && !now.silenced()
                && !now.flapping()) {
            // its failure was held while a dependency failed: it is its own now
            news.add(history.recordChange(current.id(), current.title(), current.status(), current.status(),
                    "still " + current.status() + " now that " + String.join(", ", before.blockedBy())
                    + (before.blockedBy().size() == 1 ? " is" : " are") + " no longer failing: "
                    + current.message(), at));
        }
        return news;
    }

    /** A rerun's result is rendered at once: someone is watching for it. */
    @Override
    public void released(ServiceRunOutcome outcome) {
        if (!alone && outcome.reason() == RunReason.RERUN) {
            renderNow();
        }
    }

    /**
     * Records an action a watchdog took on {@code service}; it shows in the service's history and in the feeds at
     * the next render.
     */
    public HistoryEvent recordAction(String service, String message) {
        ServiceStatus s = statuses.get(service);
        HistoryEvent event = history.recordAction(service, s == null ? null : s.title(),
                s == null ? null : s.status(), message, clock.instant());
        dirty.add(service);
        coalescer.request();
        return event;
    }

    /** Renders pages and feeds at once, whatever the render interval. */
    public void renderNow() {
        coalescer.renderNow();
    }

    /** Renders when asked for and due; the background thread calls it, tests call it after moving the clock. */
    public boolean renderIfDue() {
        return coalescer.runIfDue();
    }

    /** A hook's problem shows on the index, which every render writes; no need to redo every page. */
    private Runnable coalescerRequest() {
        return () -> coalescer.request();
    }

    private void everythingChanged() {
        everything = true;
        coalescer.request();
    }

    private void render() {
        Instant now = clock.instant();
        boolean all = everything;
        everything = false;
        Set<String> toRender = new HashSet<>(dirty);
        dirty.removeAll(toRender);
        try {
            List<ServiceConfig> list = services.get();
            Map<String, String> signature = shownSignature(list);
            if (signature != shownServices && shownOnce) {
                // the index lists the services; a new or retitled one also needs its own page and feed (a lone run
                // renders only the services it ran: its first render has nothing to compare with)
                slapOsChanged = true;
                Map<String, String> shown = shownServices;
                signature.forEach((name, title) -> {
                    if (!title.equals(shown.get(name))) {
                        toRender.add(name);
                    }
                });
            }
            SiteState state = new SiteState(monitor, now, clock.getZone(), list, statuses, history,
                    Heartbeat.read(monitor), notifier.problems(), settings.refresh(), settings.feedItems(),
                    ExecutorGaps.read(monitor, now), settings.unknownAs());
            if (all || alone) {
                // a lone run (run-promise, a cron minute) may be the only writer of this web folder
                renderer.installAssets();
            }
            renderer.render(state, all ? null : toRender);
            badges.write(state);
            for (ServiceConfig s : list) {
                if (all || toRender.contains(s.name())) {
                    history.publish(s.name(), now, settings.historyPublishInterval());
                }
            }
            // After the histories: _document_list names them. SlapOS's own tools wrote these files once a minute (its
            // cron); with thousands of services, listing both folders and building the feed at every render cost
            // more than the render.
            if (all || alone || slapOsChanged || !now.isBefore(nextSlapOsFiles)) {
                slapOsChanged = false;
                nextSlapOsFiles = now.plus(SLAPOS_FILES_EVERY);
                SlapOsFiles.write(monitor, list, statuses, now);
            }
            shownServices = signature;
            shownConfigs = list;
            shownOnce = true;
            shownStale = stale(list, now);
        } catch (RuntimeException e) {
            // Try again at the next render: nothing is lost, the files keep their last good content.
            if (all) {
                everything = true;
            }
            dirty.addAll(toRender);
            if (e instanceof java.io.UncheckedIOException) {
                // a full disk fails every render alike: once a minute is enough to say so
                failures.failed("render", "the dashboard", "cannot be written: " + e.getMessage());
            } else {
                LOG.log(System.Logger.Level.ERROR, "rendering the dashboard failed: " + e + "; will keep running",
                        e);
            }
        }
    }

    /**
     * What changes without a result: services added, removed or retitled, statuses turning stale, actions dropped
     * in the inbox, histories of long-removed services to purge. Cheap; runs every second.
     */
    public void housekeeping() {
        Instant now = clock.instant();
        // With a render pending (with thousands of services, nearly always), it looks at every service itself.
        if (!coalescer.pending()) {
            List<ServiceConfig> list = services.get();
            if (shownSignature(list) != shownServices || !stale(list, now).equals(shownStale)) {
                coalescer.request();
            }
        }
        for (HistoryEvent e : history.ingestActions(now)) {
            dirty.add(e.service());
            coalescer.request();
        }
        for (String service : history.takeRecordedElsewhere()) {
            // a run outside the executor (monitor run-promise) recorded it; its history is read again already
            store.read(service).ifPresent(s -> statuses.put(service, s));
            dirty.add(service);
            coalescer.request();
        }
        if (!alone && !now.isBefore(nextReportCheck)) {
            nextReportCheck = now.plus(Heartbeat.INTERVAL);
            reportsDue(now);
        }
        if (!now.isBefore(nextPurge)) {
            nextPurge = now.plus(PURGE_EVERY);
            Set<String> known = new HashSet<>();
            services.get().forEach(s -> known.add(s.name()));
            for (String gone : history.purgeRemoved(known, now, settings.keepRemoved())) {
                renderer.forget(gone);
                statuses.remove(gone);
                LOG.log(System.Logger.Level.INFO, gone + ": removed " + settings.keepRemoved() + " ago or more;"
                        + " its history, page and feed are deleted");
            }
        }
    }

    /** Last week's and last month's availability reports, once each is over (and after a restart that missed it). */
    private void reportsDue(Instant now) {
        try {
            AvailabilityReports.catchUp(monitor, now.atZone(reportZone()), settings.unknownAs(), () -> history);
        } catch (RuntimeException e) {
            failures.failed("reports", AvailabilityReports.folder(monitor).toString(), "cannot be written: "
                    + e.getMessage());
        }
    }

    /** Reports cut weeks and months in the monitor's time zone ({@code timezone}), else the clock's. */
    private java.time.ZoneId reportZone() {
        Optional<java.time.ZoneId> zone = monitor.settings().get(MonitorKeys.TIMEZONE);
        return zone == null ? clock.getZone() : zone.orElse(clock.getZone());
    }

    /**
     * {@link #shownServices} itself when {@code list} holds the very configurations the last render showed (a service
     * whose file changed is a new object), else each service's name and title as now: compared by identity, so that
     * a look every second at ten thousand services copies nothing.
     */
    private Map<String, String> shownSignature(List<ServiceConfig> list) {
        Map<String, String> shown = shownServices;
        List<ServiceConfig> configs = shownConfigs;
        if (configs == list) {
            return shown;
        }
        if (configs.size() == list.size()) {
            boolean same = true;
            for (int i = 0; i < list.size() && same; i++) {
                same = list.get(i) == configs.get(i);
            }
            if (same) {
                return shown;
            }
        }
        Map<String, String> now = signature(list);
        return now.equals(shown) ? shown : now;
    }

    /** Each service's name and title, which the pages show. */
    private static Map<String, String> signature(List<ServiceConfig> list) {
        Map<String, String> out = new java.util.HashMap<>();
        for (ServiceConfig s : list) {
            out.put(s.name(), String.valueOf(s.title()));
        }
        return out;
    }

    /** Asked every second of every service: the instant is worked out once per status. */
    private Set<String> stale(List<ServiceConfig> list, Instant now) {
        Set<String> out = new HashSet<>();
        long nowMillis = now.toEpochMilli();
        for (ServiceConfig s : list) {
            ServiceStatus status = statuses.get(s.name());
            if (status == null) {
                continue;
            }
            StaleMark mark = staleMarks.get(s.name());
            if (mark == null || mark.status != status || mark.config != s) {
                mark = new StaleMark(status, s, Staleness.staleAfter(status, s).toEpochMilli());
                staleMarks.put(s.name(), mark);
            }
            if (nowMillis > mark.afterMillis) {
                out.add(s.name());
            }
        }
        if (staleMarks.size() > list.size()) {
            Set<String> known = new HashSet<>();
            list.forEach(s -> known.add(s.name()));
            staleMarks.keySet().retainAll(known);
        }
        return out;
    }

    private record StaleMark(ServiceStatus status, ServiceConfig config, long afterMillis) {
    }

    private ChangeNotice notice(HistoryEvent event) {
        String base = monitor.baseUrl().map(UrlLayout::withTrailingSlash).orElse("");
        return new ChangeNotice(monitor.title(), monitor.instanceRoot().toString(), event,
                base + Feeds.servicePage(event.service()) + "#e-" + event.id(),
                base + UrlLayout.statusHref(event.service()), clock.getZone());
    }

    /** Renders everything once, then renders when due and keeps house in the background. */
    public synchronized void start() {
        everythingChanged();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, 250, TimeUnit.MILLISECONDS);
    }

    private long ticks;

    private void tickSafely() {
        try {
            if (ticks++ % (HOUSEKEEPING.toMillis() / 250) == 0) {
                housekeeping();
            }
            renderIfDue();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "dashboard: " + e + "; will keep running", e);
        }
    }

    /** Stops the background thread, renders what is still pending, and lets queued notices go out. */
    @Override
    public void close() {
        synchronized (this) {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        if (coalescer.pending()) {
            try {
                renderNow();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "last render failed: " + e);
            }
        }
        // so that the next start knows every page, and compares none by reading it
        renderer.saveKnownFiles();
        if (alone) {
            awaitNotices();
        }
        notifier.close();
    }

    /** A lone run's process ends after this: its notices must have gone out, retries included. */
    private void awaitNotices() {
        Duration limit = settings.notifyTimeout().plus(settings.notifyRetryDelay())
                .multipliedBy(1L + settings.notifyRetries() * 2L);
        try {
            if (!notifier.awaitIdle(limit)) {
                LOG.log(System.Logger.Level.WARNING, "notification hooks still busy after " + limit
                        + "; their notices are dropped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
