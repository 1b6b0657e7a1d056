package io.promisemonitor.cgi;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.ExecutorPresence;
import java.util.Optional;

/**
 * Hands each rerun to the executor when one runs on the instance (known from the lock its process holds, at each
 * request), else to a backend that runs it without one: an executor can start or stop while a web server stays up.
 */
public final class WhereverBackend implements RerunBackend {

    private final MonitorConfig monitor;
    private final RerunBackend executor;
    private final RerunBackend alone;

    private WhereverBackend(MonitorConfig monitor, RerunBackend executor, RerunBackend alone) {
        this.monitor = monitor;
        this.executor = executor;
        this.alone = alone;
    }

    /**
     * @param executor reruns for a running executor (the spool)
     * @param alone reruns without one (a child process, or this process)
     */
    public static WhereverBackend of(MonitorConfig monitor, RerunBackend executor, RerunBackend alone) {
        return new WhereverBackend(monitor, executor, alone);
    }

    private RerunBackend now() {
        return ExecutorPresence.running(monitor) ? executor : alone;
    }

    @Override
    public Optional<ServiceConfig> service(String service) {
        return now().service(service);
    }

    @Override
    public Submission submit(String service) {
        return now().submit(service);
    }

    @Override
    public void close() {
        try {
            executor.close();
        } finally {
            alone.close();
        }
    }
}
