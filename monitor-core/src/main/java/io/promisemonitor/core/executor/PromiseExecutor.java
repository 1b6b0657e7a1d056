package io.promisemonitor.core.executor;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.publish.HalJson;
import io.promisemonitor.core.publish.LinkReport;
import io.promisemonitor.core.publish.Links;
import io.promisemonitor.core.publish.Schemas;
import io.promisemonitor.core.publish.Targets;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
import java.util.zip.CRC32;

/**
 * Runs every service's promise on its schedule. Time comes from the injected {@link Clock}: {@link #tick()} runs
 * what is due now, so tests drive a settable clock instead of sleeping, and {@link #start()} calls it from a
 * background thread. At most {@code concurrency} promises run at once; a slow or hung one holds only its own
 * slot, and its timeout frees it. New, changed and removed {@code .cfg} files are picked up without a restart.
 * Nothing a service does can stop the loop: every failure is logged with the service's name and the loop goes on.
 */
public final class PromiseExecutor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.executor");

    /** How often the promise folder is listed for new, changed and removed {@code .cfg} files. */
    static final Duration RESCAN_INTERVAL = Duration.ofSeconds(2);

    /** A forward jump of the wall clock up to this long runs the firings it skipped; a longer one does not. */
    static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(1);

    /** How often links are made again, for targets that appeared or vanished. */
    static final Duration LINK_SYNC_INTERVAL = Duration.ofMinutes(1);

    private final MonitorConfig monitor;
    private final Clock clock;
    private final ClockJumps jumps;
    private final ServiceRunner runner;
    private final boolean spread;
    private final ThreadPoolExecutor slots;
    private final ExecutorService builtInThreads;
    private final Map<String, Entry> entries = new TreeMap<>();
    private final Map<String, RunTicket> inFlight = new ConcurrentHashMap<>();
    /** Tickets queued or running whose done() is not complete yet; {@link #idle} is notified when it falls to 0. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private final Object idle = new Object();
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final RerunSpool spool;
    private final Set<String> removedWhileRunning = ConcurrentHashMap.newKeySet();
    private volatile LinkReport links = new LinkReport(List.of(), Map.of(), java.util.Set.of());
    private volatile Instant nextLinkSync = Instant.MIN;
    private final Object linkLock = new Object();
    private final Map<String, List<String>> unreportedRepairs = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;
    private Instant nextRescan = Instant.MIN;
    private Instant nextHeartbeat = Instant.MIN;
    private boolean firstScan = true;

    /** One known service: its configuration (or problems), the file's fingerprint and when it runs next. */
    private static final class Entry {
        final ServiceConfig config;
        final List<ConfigProblem> problems;
        final Object fingerprint;
        final Duration offset;
        Instant nextRun;

        Entry(ServiceConfig config, List<ConfigProblem> problems, Object fingerprint, Duration offset) {
            this.config = config;
            this.problems = problems;
            this.fingerprint = fingerprint;
            this.offset = offset;
        }
    }

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
        this.monitor = monitor;
        Optional<ZoneId> zone = monitor.settings().get(MonitorKeys.TIMEZONE);
        this.clock = zone == null || zone.isEmpty() ? clock : clock.withZone(zone.get());
        this.jumps = new ClockJumps(monotonicNanos);
        this.spread = Boolean.TRUE.equals(monitor.settings().get(MonitorKeys.SPREAD_STARTS));
        Integer configured = monitor.settings().get(MonitorKeys.CONCURRENCY);
        int concurrency = configured == null ? 8 : configured;
        this.slots = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("promise"));
        this.slots.allowCoreThreadTimeOut(true);
        this.builtInThreads = Executors.newCachedThreadPool(daemonThreads("built-in"));
        this.runner = new ServiceRunner(monitor, this.clock, registry, builtInThreads, this::linkProblemsAfterRun,
                this::tellListeners);
        this.spool = RerunSpool.of(monitor);
    }

    public MonitorConfig monitor() {
        return monitor;
    }

    public ServiceRunner runner() {
        return runner;
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

    /** Picks up configuration changes when due, then queues every service whose time has come. */
    public synchronized void tick() {
        Instant now = clock.instant();
        Duration jump = jumps.since(now);
        if (!jump.isZero()) {
            planAgainAfterAJump(now, jump);
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
            rescan(now);
            nextRescan = now.plus(RESCAN_INTERVAL);
            if (Links.anyReplaced(monitor)) {
                // someone swapped one of our links for one to elsewhere: the web server refuses it, put it back
                syncLinks();
            }
        }
        if (!now.isBefore(nextLinkSync)) {
            // Targets come and go (a log file created later): look again once a minute.
            syncLinks();
        }
        for (Entry entry : entries.values()) {
            if (now.isBefore(entry.nextRun)) {
                continue;
            }
            entry.nextRun = nextFiring(entry, now);
            if (inFlight.containsKey(entry.config.name())) {
                LOG.log(System.Logger.Level.WARNING, entry.config.name() + ": still running, this firing skipped");
                continue;
            }
            enqueue(entry, "schedule");
        }
        // Reruns asked for by another process (monitor serve, the CGI script); see RerunSpool.
        spool.drain(this);
    }

    /**
     * Every wall-clock time is planned again from {@code now}: each service waits for its next firing in the new
     * wall time. Firings a forward jump skipped are not caught up (that would start everything at once), except
     * after a short one, such as NTP stepping the clock by seconds: those are at most one minute's usual runs.
     */
    private void planAgainAfterAJump(Instant now, Duration jump) {
        boolean catchUp = !jump.isNegative() && jump.compareTo(CATCH_UP_LIMIT) <= 0;
        LOG.log(System.Logger.Level.WARNING, "the wall clock jumped " + (jump.isNegative() ? "back" : "forward")
                + " by " + Durations.format(Duration.ofSeconds(jump.abs().toSeconds())) + ", to " + now
                + (catchUp ? "; the firings it skipped run now, once each"
                        : "; every service waits for its next firing from now"));
        nextHeartbeat = now;
        nextRescan = now;
        nextLinkSync = now;
        if (!catchUp) {
            for (Entry entry : entries.values()) {
                entry.nextRun = nextFiring(entry, now);
            }
        }
    }

    /**
     * Queues a run of {@code service} now. Empty when it is unknown; when a run is already queued or under way,
     * that run's ticket is returned with {@code created} false, so a caller can say "already running since".
     */
    public synchronized Optional<Enqueued> trigger(String service, String reason) {
        Entry entry = entries.get(service);
        if (entry == null) {
            return Optional.empty();
        }
        RunTicket existing = inFlight.get(service);
        if (existing != null) {
            return Optional.of(new Enqueued(existing, false));
        }
        // asked for by someone: it waits for a run of another process (run-promise) instead of being dropped
        return Optional.of(new Enqueued(enqueue(entry, reason, true), true));
    }

    /** The result of {@link #trigger}: the ticket and whether this call created it. */
    public record Enqueued(RunTicket ticket, boolean created) {
    }

    /** The services known now, by name (broken ones included). */
    public synchronized List<String> serviceNames() {
        return new ArrayList<>(entries.keySet());
    }

    public synchronized Optional<ServiceConfig> service(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.config);
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

    private RunTicket enqueue(Entry entry, String reason) {
        return enqueue(entry, reason, false);
    }

    private RunTicket enqueue(Entry entry, String reason, boolean waitForLock) {
        String name = entry.config.name();
        RunTicket ticket = new RunTicket(name, reason, clock.instant());
        inFlight.put(name, ticket);
        unfinished.incrementAndGet();
        try {
            slots.execute(() -> runTicket(entry, ticket, waitForLock));
        } catch (RejectedExecutionException e) {
            inFlight.remove(name, ticket);
            ticket.done().complete(ServiceRunOutcome.skipped(name, "the monitor is stopping"));
            finished();
        }
        return ticket;
    }

    private void runTicket(Entry entry, RunTicket ticket, boolean waitForLock) {
        String name = entry.config.name();
        ServiceRunOutcome outcome;
        try {
            ticket.started(clock.instant());
            ServiceRunner.RunRecord record = runner.run(entry.config, entry.problems, waitForLock);
            outcome = record.outcome();
            if (outcome.ran()) {
                ServiceStatus s = outcome.status().get();
                LOG.log(System.Logger.Level.INFO, name + ": " + s.status() + " in " + seconds(s.executionTime())
                        + "s: " + oneLine(s.message()));
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
            outcome = ServiceRunOutcome.skipped(name, "run failed: " + e.getMessage());
        } finally {
            inFlight.remove(name, ticket);
        }
        if (removedWhileRunning.remove(name)) {
            deleteStatus(name);
        }
        ticket.done().complete(outcome);
        finished();
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

    private void rescan(Instant now) {
        Map<String, Object> seen = new HashMap<>();
        List<Path> files;
        try {
            files = InstanceConfig.listServiceFiles(monitor);
        } catch (ConfigException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; will keep running with the services known");
            return;
        }
        boolean changed = firstScan;
        // At start-up, one listing tells which services have a status at all, instead of a failed open for each
        // service of a new instance.
        Set<String> recorded = firstScan ? runner.store().recordedServices() : Set.of();
        for (Scanned scanned : scan(files)) {
            String name = scanned.name;
            seen.put(name, scanned.fingerprint);
            Entry old = entries.get(name);
            Entry fresh = scanned.loaded;
            if (fresh == null) {
                continue;
            }
            // A new or edited service runs at once, so its author sees the effect; at start-up, see firstRun.
            fresh.nextRun = firstScan && recorded.contains(name) ? firstRun(fresh, now) : now;
            entries.put(name, fresh);
            changed = true;
            if (old != null) {
                LOG.log(System.Logger.Level.INFO, name + ": configuration changed, reloaded"
                        + (fresh.problems.isEmpty() ? "" : " with problems: " + ServiceRunner.describe(fresh.problems)));
            } else if (!firstScan) {
                LOG.log(System.Logger.Level.INFO, name + ": new service");
            }
        }
        List<String> removed = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (!seen.containsKey(name)) {
                removed.add(name);
            }
        }
        for (String name : removed) {
            entries.remove(name);
            LOG.log(System.Logger.Level.INFO, name + ": removed");
            forgetStatus(name);
            changed = true;
        }
        if (firstScan) {
            // removed while the executor was stopped
            for (String name : recorded) {
                if (!entries.containsKey(name)) {
                    forgetStatus(name);
                }
            }
        }
        firstScan = false;
        if (changed) {
            publishIndex();
        }
    }

    /**
     * Deletes a removed service's status file: left in public/, it would keep the service on /metrics (and its
     * alerts firing) and in every reader of the folder. Its history stays for history-keep-removed.
     */
    private void forgetStatus(String name) {
        removedWhileRunning.add(name);
        if (inFlight.containsKey(name)) {
            return; // its run would write the file again: the run's end deletes it
        }
        removedWhileRunning.remove(name);
        deleteStatus(name);
    }

    private void deleteStatus(String name) {
        try {
            runner.store().remove(name);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, name + ": " + e.getMessage() + "; will keep running");
        }
    }

    /** monitor.haljson, global links and the cleanup of removed services' links. */
    private void publishIndex() {
        List<ServiceConfig> services = new ArrayList<>();
        for (Entry e : entries.values()) {
            services.add(e.config);
        }
        try {
            HalJson.write(monitor, services);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "monitor.haljson: " + e.getMessage() + "; will keep running");
        }
        try {
            Targets.write(monitor);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, Targets.FILE + ": " + e.getMessage() + "; will keep running");
        }
        syncLinks();
    }

    /**
     * A service's link problems after its run. A promise often creates the file it publishes (a report) on its
     * first run, so when the last sync found a target missing, links are synced again now.
     */
    private List<String> linkProblemsAfterRun(String service) {
        List<String> repaired = unreportedRepairs.remove(service);
        if (links.forService(service).isEmpty()) {
            return repaired == null ? List.of() : repaired;
        }
        synchronized (linkLock) {
            if (!links.forService(service).isEmpty()) {
                syncLinks();
            }
        }
        if (repaired == null) {
            return links.forService(service);
        }
        List<String> all = new ArrayList<>(links.forService(service));
        all.addAll(repaired);
        return all;
    }

    private void syncLinks() {
        synchronized (linkLock) {
            syncLinksLocked();
        }
    }

    private void syncLinksLocked() {
        nextLinkSync = clock.instant().plus(LINK_SYNC_INTERVAL);
        List<ServiceConfig> services = new ArrayList<>();
        for (Entry e : entries.values()) {
            services.add(e.config);
        }
        try {
            LinkReport report = Links.of(monitor).sync(services);
            if (!report.global().equals(links.global())) {
                for (String problem : report.global()) {
                    LOG.log(System.Logger.Level.WARNING, "monitor.conf links: " + problem);
                }
            }
            report.repairedByService().forEach((service, repairs) -> {
                for (String repair : repairs) {
                    LOG.log(System.Logger.Level.WARNING, service + ": links: " + repair);
                    // said once, in the service's next message; a few say it, however often it is done again
                    List<String> pending = unreportedRepairs.computeIfAbsent(service,
                            k -> new CopyOnWriteArrayList<>());
                    if (pending.size() < 5 && !pending.contains(repair)) {
                        pending.add(repair);
                    }
                }
            });
            // once each, when it appears, rather than at every sync while it lasts
            report.byService().forEach((service, problems) -> {
                List<String> before = links.forService(service);
                for (String problem : problems) {
                    if (!before.contains(problem)) {
                        LOG.log(System.Logger.Level.WARNING, service + ": links: " + problem);
                    }
                }
            });
            links = report;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "links: " + e.getMessage() + "; will keep running");
        }
    }

    /** A service file looked at: its fingerprint, and its new entry when it is new or changed (else null). */
    private record Scanned(String name, Object fingerprint, Entry loaded) {
    }

    /**
     * Looks at every file and loads the new and changed ones, in the order given. Thousands of them (at start-up)
     * are read and parsed on every core: the first runs wait for this.
     */
    private List<Scanned> scan(List<Path> files) {
        Map<String, Entry> known = entries;
        java.util.function.Function<Path, Scanned> look = file -> {
            String name = InstanceConfig.serviceName(file);
            Object fingerprint = fingerprint(file);
            Entry old = known.get(name);
            boolean same = old != null && Objects.equals(old.fingerprint, fingerprint);
            return new Scanned(name, fingerprint, same ? null : load(file, name, fingerprint));
        };
        return (files.size() > 64 ? files.parallelStream() : files.stream()).map(look).toList();
    }

    private Entry load(Path file, String name, Object fingerprint) {
        Duration offset = spread ? offsetOf(name) : Duration.ZERO;
        try {
            return new Entry(InstanceConfig.loadService(monitor, file), List.of(), fingerprint, offset);
        } catch (ConfigException e) {
            List<ConfigProblem> problems = e.problems().isEmpty()
                    ? List.of(new ConfigProblem(file, 0, e.getMessage())) : e.problems();
            LOG.log(System.Logger.Level.ERROR, name + ": " + ServiceRunner.describe(problems));
            return new Entry(InstanceConfig.placeholder(file), problems, fingerprint, offset);
        }
    }

    /**
     * At start-up a service with no status yet, or one older than its period, runs at once; others wait for
     * their next firing, so restarting the monitor does not fire everything.
     */
    private Instant firstRun(Entry entry, Instant now) {
        Optional<ServiceStatus> last = runner.store().read(entry.config.name());
        Duration period = entry.config.frequency().longestPeriod();
        if (last.isEmpty() || last.get().startDate().toInstant().plus(period).isBefore(now)) {
            return now;
        }
        return nextFiring(entry, now);
    }

    private Instant nextFiring(Entry entry, Instant now) {
        ZonedDateTime base = ZonedDateTime.ofInstant(now.minus(entry.offset), clock.getZone());
        return entry.config.frequency().next(base).toInstant().plus(entry.offset);
    }

    /** A stable offset inside the minute from the service name, so a hundred services do not all fire at :00. */
    static Duration offsetOf(String service) {
        CRC32 crc = new CRC32();
        crc.update(service.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Duration.ofMillis(crc.getValue() % 60_000);
    }

    private static Object fingerprint(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return List.of("unreadable", e.getMessage() == null ? "" : e.getMessage());
        }
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
