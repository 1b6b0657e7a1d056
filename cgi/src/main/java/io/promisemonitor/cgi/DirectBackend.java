package io.promisemonitor.cgi;

import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.dashboard.OneRun;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.config.PromiseRegistry;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reruns run by this very process, for the CGI script when no executor runs on the instance (system cron mode):
 * the script is a process of its own per request, so it runs the promise under the service's lock and records it
 * as the executor does (status, history, feeds, hooks, pages), instead of queueing into a spool nobody drains.
 * Answers as the other backends do: 409 when a run is visibly under way; once accepted, a run held by another
 * process is waited for and this one runs after it. {@link #close} waits for the run, so the process lives until
 * it is recorded.
 */
public final class DirectBackend implements RerunBackend {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.rerun");

    private final MonitorConfig monitor;
    private final Clock clock;
    private final PromiseRegistry registry;
    private final ExecutorService runs;

    private DirectBackend(MonitorConfig monitor, Clock clock, PromiseRegistry registry) {
        this.monitor = monitor;
        this.clock = clock;
        this.registry = registry;
        this.runs = Executors.newSingleThreadExecutor(r -> new Thread(r, "rerun"));
    }

    public static DirectBackend of(MonitorConfig monitor, Clock clock) {
        return new DirectBackend(monitor, clock,
                PromiseRegistry.withInstanceLib(monitor.instanceRoot().resolve("lib")));
    }

    @Override
    public Optional<ServiceConfig> service(String service) {
        return Services.find(monitor, service);
    }

    @Override
    public Submission submit(String service) {
        Optional<Instant> running = Services.runningSince(monitor, service);
        if (running.isPresent()) {
            return Submission.refused("already running since " + running.get());
        }
        Optional<InstanceConfig.Loaded> config = Services.load(monitor, service);
        if (config.isEmpty()) {
            return Submission.refused("unknown service '" + service + "'");
        }
        Optional<Path> claim = claim(service);
        if (claim.isEmpty()) {
            return Submission.refused("already queued");
        }
        CompletableFuture<Optional<String>> finished = CompletableFuture.supplyAsync(() -> {
            try {
                return run(config.get());
            } finally {
                try {
                    Files.deleteIfExists(claim.get());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, service + ": cannot remove " + claim.get() + ": " + e);
                }
            }
        }, runs);
        return Submission.accepted(finished);
    }

    /**
     * One accepted rerun per service across the CGI's processes: a file made in one step, naming its process, until
     * the run is recorded. Two requests at once (a double click, a storm) get one 202; a file left by a process that
     * died is taken over.
     */
    private Optional<Path> claim(String service) {
        Path file = monitor.stateFolder("rerun-direct").resolve(service);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return Optional.of(file);
            } catch (FileAlreadyExistsException e) {
                if (holderAlive(file)) {
                    return Optional.empty();
                }
                try {
                    Files.deleteIfExists(file);
                } catch (IOException gone) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, service + ": cannot claim the rerun in " + file + ": " + e);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean holderAlive(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true; // being written: its writer is alive
        }
    }

    private Optional<String> run(InstanceConfig.Loaded service) {
        String name = service.config().name();
        try {
            ServiceRunner.RunRecord record = OneRun.run(monitor, clock, registry, service, RunReason.RERUN, true);
            if (!record.outcome().ran()) {
                return Optional.of(record.outcome().skippedBecause());
            }
            LOG.log(System.Logger.Level.INFO, name + ": rerun " + record.outcome().status().get().status());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, name + ": rerun failed: " + e);
            return Optional.of("the run failed: " + e.getMessage());
        }
    }

    /** Waits for the accepted run to be recorded (its timeout bounds it), then lets the process end. */
    @Override
    public void close() {
        runs.shutdown();
        try {
            runs.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
