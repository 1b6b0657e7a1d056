package io.promisemonitor.core.dashboard;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.executor.RunListener;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.ServiceRunOutcome;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.status.StatusChange;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * One run of one service outside the executor ({@code monitor run-promise}, the CGI script without an executor):
 * under the service's lock, recorded through the executor's path (history, feeds, hooks) and published (its page,
 * feeds, the index) before this returns. Here, beside {@link Dashboard}, as the executor's package does not know
 * the dashboard.
 */
public final class OneRun {

    private OneRun() {
    }

    /**
     * The dashboard (every service's configuration, the histories and status files), being read on a thread of its
     * own from now on, for {@link #run(Opening, PromiseRegistry, InstanceConfig.Loaded, RunReason, boolean)}: a
     * one-shot run is mostly start-up, and its reading goes on while the caller reads the service's configuration,
     * takes the lock and runs the promise. Abandoned, it costs nothing: the thread is a daemon.
     */
    public static Opening open(MonitorConfig monitor, Clock clock) {
        FutureTask<Dashboard> reading = new FutureTask<>(() -> Dashboard.withoutExecutor(monitor, clock,
                InstanceConfig.everyService(monitor)));
        Thread reader = new Thread(reading, "dashboard-reader");
        reader.setDaemon(true);
        reader.start();
        return new Opening(monitor, clock, reading);
    }

    /** A dashboard being read; see {@link #open}. */
    public static final class Opening {
        private final MonitorConfig monitor;
        private final Clock clock;
        private final FutureTask<Dashboard> reading;

        private Opening(MonitorConfig monitor, Clock clock, FutureTask<Dashboard> reading) {
            this.monitor = monitor;
            this.clock = clock;
            this.reading = reading;
        }
    }

    /**
     * @param reason {@link RunReason#COMMAND_LINE} for {@code run-promise}, {@link RunReason#RERUN} for the CGI
     * @param waitForLock wait for another process's run of the service to end and run after it, instead of not
     *     running
     */
    public static ServiceRunner.RunRecord run(MonitorConfig monitor, Clock clock, PromiseRegistry registry,
            InstanceConfig.Loaded service, RunReason reason, boolean waitForLock) {
        return run(open(monitor, clock), registry, service, reason, waitForLock);
    }

    /** As {@link #run(MonitorConfig, Clock, PromiseRegistry, InstanceConfig.Loaded, RunReason, boolean)}. */
    public static ServiceRunner.RunRecord run(Opening dashboard, PromiseRegistry registry,
            InstanceConfig.Loaded service, RunReason reason, boolean waitForLock) {
        MonitorConfig monitor = dashboard.monitor;
        Clock clock = dashboard.clock;
        FutureTask<Dashboard> opening = dashboard.reading;
        ExecutorService builtIns = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "built-in");
            t.setDaemon(true);
            return t;
        });
        RunListener recorder = new RunListener() {
            @Override
            public void beforeRecording(String name) {
                // a dashboard that could not be read (a bad setting, an unwritable folder) stops the run here, as
                // it did when it was read first: nothing is written
                opened(opening);
            }

            @Override
            public void recorded(ServiceRunOutcome outcome, StatusChange change) {
                opened(opening).recorded(outcome, change);
            }
        };
        ServiceRunner.RunRecord record;
        try {
            ServiceRunner runner = new ServiceRunner(monitor, clock, registry, builtIns, name -> List.of(), recorder);
            record = runner.run(service.config(), service.problems(), reason, waitForLock);
        } catch (RuntimeException | Error e) {
            try {
                opened(opening).close();
            } catch (RuntimeException | Error again) {
                if (again != e) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        } finally {
            builtIns.shutdownNow();
        }
        opened(opening).close();
        return record;
    }

    /** The dashboard once read; what reading it threw, thrown here. */
    private static Dashboard opened(FutureTask<Dashboard> opening) {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the dashboard", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
