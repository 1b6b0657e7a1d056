package io.promisemonitor.web.metrics;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code metrics-textfile} of an instance: the services' series of {@code /metrics} in a file that
 * node_exporter's textfile collector reads, written atomically (the collector must never read half a file).
 */
public final class MetricsTextfile implements AutoCloseable {

    /** As often as Prometheus commonly scrapes node_exporter, and well within a status's own minute. */
    static final Duration INTERVAL = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.metrics");

    private final Path file;
    private final StatusMetrics metrics;
    private ScheduledExecutorService thread;

    private MetricsTextfile(Path file, StatusMetrics metrics) {
        this.file = file;
        this.metrics = metrics;
    }

    /** Empty when {@code metrics-textfile} is not set. */
    public static Optional<MetricsTextfile> of(MonitorConfig monitor, Clock clock) {
        Optional<Path> file = monitor.settings().get(MonitorKeys.METRICS_TEXTFILE);
        return file == null || file.isEmpty() ? Optional.empty()
                : Optional.of(new MetricsTextfile(file.get(), StatusMetrics.servicesOnly(monitor, clock)));
    }

    public Path file() {
        return file;
    }

    /** Writes the file now and every {@link #INTERVAL} on a thread of its own; a failure is logged, not thrown. */
    public synchronized void start() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "metrics-textfile");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::writeSafely, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the file once, logging a failure (a full disk, a missing folder) instead of throwing it. */
    public void writeSafely() {
        try {
            write();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "metrics-textfile " + file + ": " + e.getMessage()
                    + "; will keep running");
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    /** Writes the file now; {@code false} when it was unchanged. */
    public boolean write() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            metrics.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AtomicFiles.writeIfChanged(file, out.toByteArray());
    }
}
