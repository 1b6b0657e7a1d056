package io.promisemonitor.core.dashboard;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.config.PromiseRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
     * @param reason {@link RunReason#COMMAND_LINE} for {@code run-promise}, {@link RunReason#RERUN} for the CGI
     * @param waitForLock wait for another process's run of the service to end and run after it, instead of not
     *     running
     */
    public static ServiceRunner.RunRecord run(MonitorConfig monitor, Clock clock, PromiseRegistry registry,
            InstanceConfig.Loaded service, RunReason reason, boolean waitForLock) {
        ExecutorService builtIns = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "built-in");
            t.setDaemon(true);
            return t;
        });
        try (Dashboard dashboard = Dashboard.withoutExecutor(monitor, clock, InstanceConfig.everyService(monitor))) {
            ServiceRunner runner = new ServiceRunner(monitor, clock, registry, builtIns, name -> List.of(),
                    dashboard);
            return runner.run(service.config(), service.problems(), reason, waitForLock);
        } finally {
            builtIns.shutdownNow();
        }
    }
}
