package io.promisemonitor.core.testing;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.ServiceRunner;
import io.promisemonitor.core.config.PromiseRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * One run of a service in a JVM of its own, the way {@code monitor run-promise} makes it (the cli module is above
 * the modules whose tests need it): {@code args[0]} is the instance root, {@code args[1]} the service. Prints
 * {@code ran} or {@code not run: <why>}.
 */
public final class LoneRun {

    private LoneRun() {
    }

    public static void main(String[] args) {
        MonitorConfig monitor = InstanceConfig.loadMonitor(Path.of(args[0]));
        // an executor that is never started: only its runner, wired as run-promise's is
        try (PromiseExecutor executor = new PromiseExecutor(monitor, Clock.systemUTC(),
                PromiseRegistry.fromClassPath())) {
            ServiceRunner.RunRecord record = executor.runner().run(InstanceConfig.loadService(monitor,
                    monitor.promiseFolder().resolve(args[1] + InstanceConfig.CFG_SUFFIX)), List.of(),
                    RunReason.COMMAND_LINE);
            System.out.println(record.outcome().ran() ? "ran" : "not run: " + record.outcome().skippedBecause());
        }
    }

    /** Starts a lone run of {@code service} in a new JVM with this JVM's class path; the caller stops it. */
    public static Process start(TestInstance instance, String service) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LoneRun.class.getName(), instance.root().toString(), service)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
