package io.promisemonitor.core.executor;

import io.promisemonitor.core.catalogue.CatalogueEntry;
import io.promisemonitor.core.catalogue.FolderWatch;
import io.promisemonitor.core.catalogue.ServiceCatalogue;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.LogRuns;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.publish.Publisher;
import io.promisemonitor.core.publish.Schemas;
import io.promisemonitor.core.status.Quieting;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs every service's promise on its schedule. Time comes from the injected {@link Clock}: {@link #tick()} runs
 * what is due now, so tests drive a settable clock instead of sleeping, and {@link #start()} calls it from a
 * background thread. At most {@code concurrency} promises run at once; a slow or hung one holds only its own
 * slot, and its timeout frees it. Nothing a service does can stop the loop: every failure is logged with the
 * service's name and the loop goes on.
 *
 * <p>The executor runs; the jobs around its runs each have a class, told by the one before it: the
 * {@link ServiceCatalogue} rescans the {@code .cfg} files and tells the {@link Scheduler} (what runs when) and the
 * {@link Publisher} ({@code monitor.haljson}, links, removed services) what changed; the {@link RerunSpool} hands
 * over the reruns other processes asked for.
 */
public final class PromiseExecutor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.executor");

    /**
     * How often the promise folders are looked at: a folder's own time changes when a file is added, removed or
     * renamed in it, and then every file is looked at. An edit in place changes the file's time only, so every file
     * is also looked at every {@link #fullScanInterval}.
     */
    static final Duration RESCAN_INTERVAL = Duration.ofSeconds(2);

    /** Up to this many services, every file is looked at every {@link #RESCAN_INTERVAL}; see fullScanInterval. */
    static final int SERVICES_PER_SCAN_STEP = 1000;

    /**
     * With more services than {@link #SERVICES_PER_SCAN_STEP} and the promise folders watched (see
     * {@link FolderWatch}), how often every file is looked at all the same: for edits the watch cannot see (a file
     * reached through a link is never trusted to it; one edited from another host on a network file system).
     */
    static final Duration WATCHED_FULL_SCAN_INTERVAL = Duration.ofMinutes(5);

    private final MonitorConfig monitor;
    private final Clock clock;
    private final ClockJumps jumps;
    private final ServiceRunner runner;
    private final ServiceCatalogue catalogue;
    private final FolderWatch watch;
    private final Scheduler scheduler;
    private final Publisher publisher;
    private final RerunSpool spool;
    private final ThreadPoolExecutor slots;
    private final ExecutorService builtInThreads;
    private final Map<String, RunTicket> inFlight = new ConcurrentHashMap<>();
    private final LogRuns logRuns;
    /** Firings served by a run still queued, since the last line about them; only {@link #tick} reads and writes. */
    private int servedByQueued;
    private Instant nextServedReport = Instant.MIN;
    /** Tickets queued or running whose done() is not complete yet; {@link #idle} is notified when it falls to 0. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private final Object idle = new Object();
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService ticker;
    private Instant nextRescan = Instant.MIN;
    private Instant nextFullScan = Instant.MIN;
    private List<Object> folderStamps = List.of();
    private Instant nextHeartbeat = Instant.MIN;

    /** Sees a jump of the wall clock back, not forward: give {@code System::nanoTime} too for that. */
    public PromiseExecutor(MonitorConfig monitor, Clock clock, PromiseRegistry registry) {
        this(monitor, clock, registry, null);
    }

    /**
     * {@code monotonicNanos} ({@code System::nanoTime}) tells the executor when the wall clock is changed, so it
     * plans every run again from the new time. The schedule's zone is {@code clock}'s unless monitor.conf's
     * {@code timezone} says otherwise.
     */
    public PromiseExecutor(MonitorConfig monitor, Clock clock, PromiseRegistry registry,
            LongSupplier monotonicNanos) {
        this(monitor, clock, registry, monotonicNanos, FolderWatch.start());
    }

    /** With {@code watch} following the promise folders ({@link FolderWatch#none()}: every file looked at). */
    PromiseExecutor(MonitorConfig monitor, Clock clock, PromiseRegistry registry, LongSupplier monotonicNanos,
            FolderWatch watch) {
        this.monitor = monitor;
        this.watch = watch;
        Optional<ZoneId> zone = monitor.settings().get(MonitorKeys.TIMEZONE);
        this.clock = zone.isEmpty() ? clock : clock.withZone(zone.get());
        this.jumps = new ClockJumps(monotonicNanos);
        int concurrency = monitor.settings().get(MonitorKeys.CONCURRENCY);
        this.logRuns = monitor.settings().get(MonitorKeys.LOG_RUNS);
        this.slots = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("promise"));
        this.slots.allowCoreThreadTimeOut(true);
        this.builtInThreads = Executors.newCachedThreadPool(daemonThreads("built-in"));
        this.catalogue = new ServiceCatalogue(monitor);
        // the runner asks the publisher for a service's link problems at each run (none runs before both exist)
        this.runner = new ServiceRunner(monitor, this.clock, registry, builtInThreads,
                this::linkProblems, this::tellListeners);
        this.publisher = new Publisher(monitor, this.clock,
                Publisher.StatusFiles.of(runner.store()::recordedServices, runner.store()::remove),
                inFlight::containsKey);
        this.scheduler = new Scheduler(this.clock, monitor.settings().get(MonitorKeys.SPREAD_STARTS),
                runner.store()::read, runner.store()::recordedServices);
        catalogue.addListener(scheduler);
        catalogue.addListener(publisher);
        this.spool = RerunSpool.of(monitor);
    }

    public MonitorConfig monitor() {
        return monitor;
    }

    public ServiceRunner runner() {
        return runner;
    }

    public ServiceCatalogue catalogue() {
        return catalogue;
    }

    public void addListener(RunListener listener) {
        listeners.add(listener);
    }

    /** Creates the folders, installs the schemas and starts ticking in the background. */
    public synchronized void start() {
        prepareFolders(monitor);
        ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("scheduler"));
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Creates every folder the executor writes to, or says which cannot be created. */
    public static void prepareFolders(MonitorConfig monitor) {
        Map<String, Path> folders = new java.util.LinkedHashMap<>();
        folders.put("public-folder", monitor.publicFolder());
        folders.put("private-folder", monitor.privateFolder());
        folders.put("web-folder", monitor.webFolder());
        folders.put("service-pid-folder", monitor.servicePidFolder());
        folders.put("state-folder", monitor.stateFolder());
        for (Map.Entry<String, Path> f : folders.entrySet()) {
            try {
                Files.createDirectories(f.getValue());
            } catch (IOException | SecurityException e) {
                throw new ConfigException(new ConfigProblem(monitor.configFile(), 0, f.getKey() + " "
                        + f.getValue() + " cannot be created: " + describe(f.getValue(), e)));
            }
        }
        RerunSpool.of(monitor).prepare();
        Schemas.install(monitor);
    }

    private static String describe(Path folder, Exception e) {
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    return p + " is a file, not a folder";
                }
                break;
            }
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null) {
            return ((java.nio.file.FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "scheduler: " + e + "; will keep running", e);
        }
    }

    /**
     * How often every service file is looked at, for edits in place: every {@link #RESCAN_INTERVAL} up to
     * {@link #SERVICES_PER_SCAN_STEP} services, one interval more per thousand beyond (20 s with 10,000), so that
     * looking costs about the same share of the runs at any size. Files added, removed or renamed are seen at
     * the next {@link #RESCAN_INTERVAL} whatever the size, from their folder's time.
     */
    static Duration fullScanInterval(int services) {
        return RESCAN_INTERVAL.multipliedBy(Math.max(1, (services + SERVICES_PER_SCAN_STEP - 1)
                / SERVICES_PER_SCAN_STEP));
    }

    /**
     * {@link #fullScanInterval(int)}, or with more than {@link #SERVICES_PER_SCAN_STEP} services and every file's
     * edits told by the watch, {@link #WATCHED_FULL_SCAN_INTERVAL}. Up to that many, looking at every file costs
     * little, and is what tells an edit at once wherever the watch is slow to say it.
     */
    static Duration fullScanInterval(int services, boolean watched) {
        return watched && services > SERVICES_PER_SCAN_STEP ? WATCHED_FULL_SCAN_INTERVAL : fullScanInterval(services);
    }

    /** Each promise folder's modification time (or why there is none): one stat each. */
    private List<Object> folderStamps() {
        List<Object> stamps = new ArrayList<>();
        for (Path folder : monitor.promiseFolders()) {
            try {
                stamps.add(Files.getLastModifiedTime(folder));
            } catch (IOException | SecurityException e) {
                stamps.add(e.getClass().getSimpleName());
            }
        }
        return stamps;
    }

    /**
     * One turn of the loop: the heartbeat; every two seconds, the catalogue's rescan (which tells the scheduler and
     * the publisher); the publisher's minute; then every service the scheduler finds due, and every rerun the spool
     * holds, is queued.
     */
    public synchronized void tick() {
        Instant now = clock.instant();
        Duration jump = jumps.since(now);
        if (!jump.isZero()) {
            timeJumped(now, jump);
        }
        if (!now.isBefore(nextHeartbeat)) {
            // The dashboard and `monitor status` read it to tell a dead executor from a quiet one.
            nextHeartbeat = now.plus(Heartbeat.INTERVAL);
            try {
                Heartbeat.write(monitor, now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "heartbeat: " + e.getMessage() + "; will keep running");
            }
        }
        if (!now.isBefore(nextRescan)) {
            List<Object> stamps = folderStamps();
            // drained before the scan: an edit during it is told at the next turn, and scanned again then
            boolean told = watch.changed();
            if (told || !now.isBefore(nextFullScan) || !stamps.equals(folderStamps)) {
                folderStamps = stamps;
                watch.watch(monitor.promiseFolders());
                catalogue.rescan(now);
                nextFullScan = now.plus(fullScanInterval(catalogue.services().size(),
                        watch.complete() && !catalogue.linksSeen()));
            }
            nextRescan = now.plus(RESCAN_INTERVAL);
            publisher.repairReplacedLinks();
        }
        publisher.tick(now);
        for (CatalogueEntry entry : scheduler.due(now)) {
            RunTicket previous = inFlight.get(entry.name());
            if (previous == null) {
                enqueue(entry, RunReason.SCHEDULE, false);
            } else if (previous.startedAt() != null) {
                // the run outlasted its period: worth a line of its own
                LOG.log(System.Logger.Level.WARNING, entry.name() + ": still running, this firing skipped");
            } else {
                // the run still waits for a free slot, and starts after this firing: it serves it
                servedByQueued++;
            }
        }
        reportServedByQueued(now);
        // Reruns asked for by another process (monitor serve, the CGI script); see RerunSpool.
        for (RerunSpool.Request request : spool.take()) {
            Optional<Enqueued> queued = trigger(request.service(), RunReason.RERUN);
            if (queued.isEmpty()) {
                spool.refused(request, "rerun requested for an unknown service");
            } else {
                spool.accepted(request, queued.get().ticket().done());
            }
        }
    }

    /**
     * Says, at most once a minute, how many firings found their service's run still waiting for a free slot: one line
     * for them all (thousands after the start of an executor with 10,000 services, whose first runs queue for the
     * {@code concurrency} slots), where each was a warning of its own.
     */
    private void reportServedByQueued(Instant now) {
        if (servedByQueued == 0 || now.isBefore(nextServedReport)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, servedByQueued + (servedByQueued == 1 ? " firing" : " firings")
                + " came while their service's run still waited for one of the " + slots.getMaximumPoolSize()
                + " slots (concurrency): each such run starts after its firing and stands for it");
        servedByQueued = 0;
        nextServedReport = now.plus(SERVED_REPORT_INTERVAL);
    }

    /** How often, at most, {@link #reportServedByQueued} writes its line. */
    static final Duration SERVED_REPORT_INTERVAL = Duration.ofMinutes(1);

    private void timeJumped(Instant now, Duration jump) {
        boolean catchUp = scheduler.timeJumped(now, jump);
        LOG.log(System.Logger.Level.WARNING, "the wall clock jumped " + (jump.isNegative() ? "back" : "forward")
                + " by " + Durations.format(Duration.ofSeconds(jump.abs().toSeconds())) + ", to " + now
                + (catchUp ? "; the firings it skipped run now, once each"
                        : "; every service waits for its next firing from now"));
        nextHeartbeat = now;
        nextRescan = now;
        nextFullScan = now;
        nextServedReport = now;
        publisher.timeJumped(now);
    }

    /**
     * Queues a run of {@code service} now. Empty when it is unknown; when a run is already queued or under way,
     * that run's ticket is returned with {@code created} false, so a caller can say "already running since".
     */
    public synchronized Optional<Enqueued> trigger(String service, RunReason reason) {
        Optional<CatalogueEntry> entry = catalogue.entry(service);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        RunTicket existing = inFlight.get(service);
        if (existing != null) {
            return Optional.of(new Enqueued(existing, false));
        }
        // asked for by someone: it waits for a run of another process (run-promise) instead of being dropped
        return Optional.of(new Enqueued(enqueue(entry.get(), reason, true), true));
    }

    /** The result of {@link #trigger}: the ticket and whether this call created it. */
    public record Enqueued(RunTicket ticket, boolean created) {
    }

    /** The services known now, by name (broken ones included). */
    public List<String> serviceNames() {
        return new ArrayList<>(catalogue.services().keySet());
    }

    public Optional<ServiceConfig> service(String name) {
        return catalogue.entry(name).map(CatalogueEntry::config);
    }

    /** The run of {@code service} queued or under way, if any. */
    public Optional<RunTicket> inFlight(String service) {
        return Optional.ofNullable(inFlight.get(service));
    }

    /** Waits until nothing is queued or running; for tests and benchmarks. Returns whether it got there. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (idle) {
            // woken once, by the run that leaves nothing behind it, not by every run that ends
            while (unfinished.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** A ticket is done: the last one to finish wakes {@link #awaitIdle}. */
    private void finished() {
        if (unfinished.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private RunTicket enqueue(CatalogueEntry entry, RunReason reason, boolean waitForLock) {
        String name = entry.name();
        RunTicket ticket = new RunTicket(name, reason, clock.instant());
        inFlight.put(name, ticket);
        unfinished.incrementAndGet();
        try {
            slots.execute(() -> runTicket(entry, ticket, waitForLock));
        } catch (RejectedExecutionException e) {
            inFlight.remove(name, ticket);
            ticket.done().complete(ServiceRunOutcome.skipped(name, "the monitor is stopping", reason));
            finished();
        }
        return ticket;
    }

    private void runTicket(CatalogueEntry entry, RunTicket ticket, boolean waitForLock) {
        String name = entry.name();
        ServiceRunOutcome outcome;
        try {
            ticket.started(clock.instant());
            ServiceRunner.RunRecord record = runner.run(entry.config(), entry.problems(), ticket.reason(),
                    waitForLock);
            outcome = record.outcome();
            if (outcome.ran()) {
                ServiceStatus s = outcome.status().get();
                Quieting q = s.quieting();
                if (logged(s, record.change())) {
                    LOG.log(System.Logger.Level.INFO, name + ": " + s.status() + (q.attempt() == null ? ""
                            : " (" + q.attemptStatus() + " unconfirmed, " + q.attempt() + ")")
                            + (q.silenced() ? " (silenced)" : "") + (q.blocked() ? " (blocked by "
                            + String.join(", ", q.blockedBy()) + ")" : "") + " in " + seconds(s.executionTime())
                            + "s: " + oneLine(s.message()));
                }
                for (RunListener listener : listeners) {
                    try {
                        listener.released(outcome);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, name + ": a listener failed: " + e + "; will keep running",
                                e);
                    }
                }
            } else {
                LOG.log(System.Logger.Level.WARNING, name + ": not run, " + outcome.skippedBecause());
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, name + ": run failed: " + e + "; will keep running", e);
            outcome = ServiceRunOutcome.skipped(name, "run failed: " + e.getMessage(), ticket.reason());
        } finally {
            inFlight.remove(name, ticket);
        }
        publisher.runEnded(name);
        ticket.done().complete(outcome);
        finished();
    }

    /** Whether a run giving {@code status} gets its line in the log ({@code log-runs}). */
    private boolean logged(ServiceStatus status, StatusChange change) {
        // an OK that is a failure not yet confirmed (an attempt of several) is a problem too
        if (logRuns == LogRuns.ALL || status.status() != Status.OK || status.quieting().attempt() != null
                || change == null) {
            return true;
        }
        return change.previous().map(p -> p.status() != status.status()).orElse(true);
    }

    private List<String> linkProblems(String service) {
        return publisher.linkProblemsAfterRun(service);
    }

    /** Called by the runner under the service's lock, before the run's ticket is forgotten. */
    private void tellListeners(ServiceRunOutcome outcome, StatusChange change) {
        for (RunListener listener : listeners) {
            try {
                listener.recorded(outcome, change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, outcome.service() + ": a listener failed: " + e
                        + "; will keep running", e);
            }
        }
    }

    /**
     * {@code 0.06} for 60 ms: what {@code %.2f} of the seconds gives, without a Formatter (parsing the pattern and
     * looking up the locale's digits at every run showed in the executor's profile).
     */
    static String seconds(Duration d) {
        long hundredths = (d.toMillis() + 5) / 10;
        long fraction = hundredths % 100;
        return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private static String oneLine(String message) {
        String line = message.replace('\n', ' ');
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /** A stable offset inside the minute from the service name, so a hundred services do not all fire at :00. */
    static Duration offsetOf(String service) {
        return Scheduler.offsetOf(service);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops scheduling and waits up to {@code limit} for runs under way. */
    public void shutdown(Duration limit) throws InterruptedException {
        synchronized (this) {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        watch.close();
        slots.shutdown();
        slots.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
        builtInThreads.shutdownNow();
    }

    @Override
    public void close() {
        try {
            shutdown(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
