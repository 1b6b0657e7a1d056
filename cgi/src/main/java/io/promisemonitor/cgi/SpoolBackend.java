package io.promisemonitor.cgi;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.OutputMode;
import io.promisemonitor.core.config.Runner;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.RerunSpool;
import io.promisemonitor.core.schedule.Schedules;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reruns handed to the executor of another process ({@code monitor executor} beside {@code monitor serve}, or
 * {@code monitor up} behind the CGI script) through the {@link RerunSpool}; the executor picks a request up within
 * its next tick (200 ms). For a process without an executor: in the executor's own process use
 * {@link InProcessBackend}, because reading a lock file there would release the executor's lock on it.
 */
public final class SpoolBackend implements RerunBackend {

    private static final Duration POLL = Duration.ofMillis(100);

    private final MonitorConfig monitor;
    private final Clock clock;
    private final RerunSpool spool;
    private final StatusStore store;
    private final ScheduledExecutorService poller;

    private SpoolBackend(MonitorConfig monitor, Clock clock) {
        this.monitor = monitor;
        this.clock = clock;
        this.spool = RerunSpool.of(monitor);
        this.store = StatusStore.of(monitor, clock);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rerun-spool-poller");
            t.setDaemon(true);
            return t;
        });
    }

    public static SpoolBackend of(MonitorConfig monitor, Clock clock) {
        return new SpoolBackend(monitor, clock);
    }

    /** Known when its {@code .cfg} exists; a broken one is known too (the executor records it as ERROR). */
    @Override
    public Optional<ServiceConfig> service(String service) {
        if (!InstanceConfig.SERVICE_NAME.matcher(service).matches()) {
            return Optional.empty();
        }
        Path cfg = monitor.promiseFolder().resolve(service + InstanceConfig.CFG_SUFFIX);
        if (!Files.isRegularFile(cfg)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InstanceConfig.loadService(monitor, cfg));
        } catch (ConfigException e) {
            return Optional.of(new ServiceConfig(service, cfg, service, Schedules.cron("* * * * *"), List.of(),
                    List.of(), Duration.ofSeconds(20), OutputMode.AUTO, new Runner.Executable(cfg.resolveSibling(
                    service))));
        }
    }

    @Override
    public Submission submit(String service) {
        Optional<Instant> running = runningSince(service);
        if (running.isPresent()) {
            return Submission.refused("already running since " + running.get());
        }
        Instant now = clock.instant();
        Optional<Instant> pending = spool.request(service, now);
        if (pending.isPresent()) {
            return Submission.refused(runningSince(service).map(t -> "already running since " + t)
                    .orElse("already queued since " + pending.get().truncatedTo(ChronoUnit.SECONDS)));
        }
        return Submission.accepted(whenGone(service, now));
    }

    /** Completes when the executor has removed the request, that is when the run is over. */
    private CompletableFuture<Optional<String>> whenGone(String service, Instant requested) {
        CompletableFuture<Optional<String>> done = new CompletableFuture<>();
        Path file = spool.requestFile(service);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(poller.scheduleWithFixedDelay(() -> {
            if (done.isDone()) {
                task.get().cancel(false);
            } else if (!Files.exists(file)) {
                Optional<ServiceStatus> status = store.read(service);
                boolean ran = status.isPresent() && !status.get().startDate().toInstant()
                        .isBefore(requested.truncatedTo(ChronoUnit.SECONDS));
                done.complete(ran ? Optional.empty() : Optional.of("not run: another run held the service's lock"));
                task.get().cancel(false);
            }
        }, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS));
        return done;
    }

    /**
     * When the run under way started, read from the lock file without locking it (probing the lock could make
     * the executor's own attempt fail); empty when the file is empty (released) or names a dead process.
     */
    private Optional<Instant> runningSince(String service) {
        Path file = monitor.servicePidFolder().resolve(service + ".pid");
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] lines = new String(head, 0, n, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines[0].strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(OffsetDateTime.parse(lines[1].strip()).toInstant());
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // being written: treat as free, the spool file still keeps runs apart
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
