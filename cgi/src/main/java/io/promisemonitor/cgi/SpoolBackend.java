package io.promisemonitor.cgi;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.RerunSpool;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        return Services.find(monitor, service);
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

    private Optional<Instant> runningSince(String service) {
        return Services.runningSince(monitor, service);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
