package io.promisemonitor.core.executor;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.catalogue.ServiceCatalogue;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.Runner;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.run.OutputParser;
import io.promisemonitor.core.run.ProcessOutcome;
import io.promisemonitor.core.run.ProcessRunner;
import io.promisemonitor.core.quiet.ChangeJudge;
import io.promisemonitor.core.run.ServiceLock;
import io.promisemonitor.core.status.StatusChange;
import io.promisemonitor.core.status.StatusStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one service once, start to end: takes its lock, runs the promise (a child process or a built-in),
 * publishes its links, records its status and hands the result to its recorder, still under the lock. Shared by
 * the executor, {@code monitor run-promise} and reruns, so every result, whoever ran it, takes the same path.
 */
public final class ServiceRunner {

    /**
     * How long past its own timeout a rerun waits for another process's run of the service: enough for that run's
     * kill, output and recording to end (ProcessRunner gives a killed run 6 s).
     */
    static final Duration LOCK_PATIENCE = Duration.ofSeconds(30);
    private static final Duration LOCK_POLL = Duration.ofMillis(100);

    private final MonitorConfig monitor;
    private final Clock clock;
    private final PromiseRegistry registry;
    private final ExecutorService builtInThreads;
    private final StatusStore store;
    private final ProcessRunner processes;
    private final Function<String, List<String>> linkProblems;
    private final RunListener recorder;
    private final ChangeJudge judge;

    /**
     * @param linkProblems the problems of a service's public and private links as last published (a missing
     *     target), added to its message; the executor owns the links, a lone run passes {@code name -> List.of()}
     * @param recorder told of each result while the service's lock is still held: the status file's previous
     *     status, read under that lock, says whether it is a change, so of two processes running the service only
     *     one ever records and notifies a given change, and a history's lines keep the order of the runs
     */
    public ServiceRunner(MonitorConfig monitor, Clock clock, PromiseRegistry registry, ExecutorService builtInThreads,
            Function<String, List<String>> linkProblems, RunListener recorder) {
        this.monitor = monitor;
        this.linkProblems = linkProblems;
        this.recorder = recorder;
        this.clock = clock;
        this.registry = registry;
        this.builtInThreads = builtInThreads;
        this.store = StatusStore.of(monitor, clock);
        this.judge = new ChangeJudge(monitor, clock, store);
        this.processes = ProcessRunner.create(clock);
    }

    public StatusStore store() {
        return store;
    }

    /**
     * Runs {@code service} unless another process holds its lock. {@code problems} are the configuration problems
     * of a broken {@code .cfg}: the service is then recorded as ERROR without running anything.
     */
    public RunRecord run(ServiceConfig service, List<ConfigProblem> problems, RunReason reason) {
        return run(service, problems, reason, false);
    }

    /**
     * Like {@link #run(ServiceConfig, List, RunReason)}; with {@code waitForLock}, a run held by another process (a
     * {@code monitor run-promise}) is waited for, and this one runs when it ends: a rerun that was answered "accepted"
     * runs. The wait is bounded by the service's timeout plus {@link #LOCK_PATIENCE}, after which the other run is
     * taken to be stuck and this one is skipped, saying so.
     */
    public RunRecord run(ServiceConfig service, List<ConfigProblem> problems, RunReason reason,
            boolean waitForLock) {
        Optional<ServiceLock> lock = acquire(service.name(), waitForLock
                ? service.timeout().plus(LOCK_PATIENCE) : Duration.ZERO);
        if (lock.isEmpty()) {
            return new RunRecord(ServiceRunOutcome.skipped(service.name(), alreadyRunning(service.name())
                    + (waitForLock ? "; waited " + service.timeout().plus(LOCK_PATIENCE).toSeconds()
                    + "s for it to end" : ""), reason), null);
        }
        try {
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            Evaluated evaluated = problems.isEmpty() ? evaluate(service)
                    : new Evaluated(PromiseResult.error("configuration: " + describe(problems)), null);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            PromiseResult result = evaluated.result;
            List<String> links = linkProblems.apply(service.name());
            if (!links.isEmpty()) {
                result = result.withMessage(result.message() + " (" + String.join("; ", links) + ")");
            }
            recorder.beforeRecording(service.name());
            StatusChange change = store.record(service.name(), service.title(), result, started, elapsed,
                    evaluated.returncode, judge.forService(service), started.plus(service.resultLifetime()));
            ServiceRunOutcome outcome = ServiceRunOutcome.ran(service.name(), change.current(), reason);
            recorder.recorded(outcome, change);
            return new RunRecord(outcome, change);
        } finally {
            lock.get().close();
        }
    }

    /** Polls the lock until {@code patience} is over: the run holding it is in another process. */
    private Optional<ServiceLock> acquire(String service, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Optional<ServiceLock> lock = ServiceLock.tryAcquire(monitor.servicePidFolder(), lockFolder(monitor),
                    service, clock);
            if (lock.isPresent() || System.nanoTime() - deadline >= 0) {
                return lock;
            }
            try {
                Thread.sleep(LOCK_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** {@code already running since 2026-11-21T10:00:00Z (pid 1234)}, for the lock holder of {@code service}. */
    public String alreadyRunning(String service) {
        return ServiceLock.holder(monitor.servicePidFolder(), lockFolder(monitor), service)
                .map(h -> "already running" + h.since().map(t -> " since " + t).orElse("")
                        + (h.pid().isPresent() ? " (pid " + h.pid().getAsLong() + ")" : ""))
                .orElse("already running");
    }

    /**
     * The folder of each service's second lock file, beside the {@code <service>.pid} of the service-pid folder: in
     * the monitor's own state, so that cleaning the pid folder cannot let a second run in (see {@link ServiceLock}).
     */
    public static Path lockFolder(MonitorConfig monitor) {
        return monitor.stateFolder("locks");
    }

    /** The outcome and, when it ran, the status change it recorded. */
    public record RunRecord(ServiceRunOutcome outcome, StatusChange change) {
    }

    private record Evaluated(PromiseResult result, Integer returncode) {
    }

    private Evaluated evaluate(ServiceConfig service) {
        Runner runner = service.runner();
        if (runner instanceof Runner.BuiltIn) {
            return new Evaluated(runBuiltIn(service, (Runner.BuiltIn) runner), null);
        }
        List<String> argv = runner instanceof Runner.Command ? ((Runner.Command) runner).argv()
                : List.of(((Runner.Executable) runner).path().toString());
        Path state;
        try {
            state = prepareStateFolder(monitor.promiseStateRoot(), service.name());
        } catch (IOException e) {
            // the promise was promised this folder: running it without one would fail in its own, vaguer words
            return new Evaluated(PromiseResult.error(e.getMessage()), null);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONITOR_INSTANCE", monitor.instanceRoot().toString());
        env.put("MONITOR_SERVICE", service.name());
        env.put("MONITOR_STATE_FOLDER", state.toString());
        ProcessOutcome outcome = processes.run(argv, env, monitor.instanceRoot(), service.timeout());
        OutputParser.Parsed parsed = OutputParser.parse(service.output(), outcome, service.timeout());
        return new Evaluated(parsed.result(), parsed.returncode());
    }

    /**
     * Makes {@code <root>/<service>} when it is missing, readable by the monitor's user only (a promise may keep
     * tokens or counters there), and checks that it is a folder directly inside {@code root}: a link planted in its
     * place must not lead a promise to write elsewhere.
     *
     * @throws IOException with a message naming the folder and what is wrong
     */
    static Path prepareStateFolder(Path root, String service) throws IOException {
        Path folder = root.resolve(service).normalize();
        if (!root.normalize().equals(folder.getParent())) {
            throw new IOException("state folder " + folder + " is not inside " + root + "; allowed: a folder"
                    + " directly inside it");
        }
        if (isPlainFolder(folder)) {
            // The common case, with one lstat: a folder that is no link, named directly inside root, is the
            // folder of that name inside root's real path too. The checks below (a mkdir that fails, two realpaths
            // walking every component) were a tenth of a run's own system calls.
            return folder;
        }
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"));
        try {
            Files.createDirectories(root, ownerOnly);
            if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(folder, ownerOnly);
            }
        } catch (FileAlreadyExistsException e) {
            // made by a run of the same service in another process meanwhile: checked below like any other
        } catch (IOException e) {
            throw new IOException("cannot create the state folder " + folder + ": " + e, e);
        }
        Path real = folder.toRealPath();
        Path realRoot = root.toRealPath();
        if (!realRoot.equals(real.getParent())) {
            throw new IOException("state folder " + folder + " leads to " + real + ", outside " + realRoot
                    + "; allowed: a folder directly inside it");
        }
        if (!Files.isDirectory(real)) {
            throw new IOException("state folder " + folder + " is not a folder; remove it and it is made again");
        }
        return folder;
    }

    private static boolean isPlainFolder(Path folder) {
        try {
            return Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (IOException e) {
            return false; // missing, or unreadable: the full path below makes it or says what is wrong
        }
    }

    private PromiseResult runBuiltIn(ServiceConfig service, Runner.BuiltIn builtIn) {
        Promise promise;
        try {
            promise = registry.create(builtIn.name(), builtIn.options());
        } catch (OptionException e) {
            return PromiseResult.error("configuration: " + e.getMessage());
        }
        PromiseContext context = context(service.name());
        Future<PromiseResult> future = builtInThreads.submit(() -> promise.check(context));
        try {
            PromiseResult result = future.get(service.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return result == null ? PromiseResult.error("built-in promise '" + builtIn.name() + "' returned nothing")
                    : result;
        } catch (TimeoutException e) {
            // Frees this slot; the interrupted check may linger on its own thread until it notices.
            future.cancel(true);
            return PromiseResult.error("Promise timed out after " + service.timeout().toSeconds() + " seconds");
        } catch (ExecutionException e) {
            return PromiseResult.error(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return PromiseResult.error("interrupted while the monitor was stopping");
        }
    }

    private PromiseContext context(String service) {
        return new PromiseContext() {
            @Override
            public String serviceName() {
                return service;
            }

            @Override
            public Path instanceRoot() {
                return monitor.instanceRoot();
            }

            @Override
            public Path stateFolder() {
                try {
                    return prepareStateFolder(monitor.promiseStateRoot(), service);
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
    }

    static String describe(List<ConfigProblem> problems) {
        return ServiceCatalogue.describe(problems);
    }
}
