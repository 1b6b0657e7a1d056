package io.promisemonitor.cgi;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reruns for {@code monitor serve} when no executor runs on the instance (system cron mode): each accepted rerun
 * starts {@code monitor run-promise --wait SERVICE} as a child process, so the web process itself still runs no
 * promise code. The child records the run as the executor would; with {@code --wait} a run held by another process
 * is waited for and this one runs after it.
 */
public final class ChildProcessBackend implements RerunBackend {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.rerun");

    /** The exit code of {@code run-promise} when the lock stayed held. */
    static final int LOCK_HELD = 4;

    private final MonitorConfig monitor;
    private final List<String> monitorCommand;
    private final Map<String, Child> children = new ConcurrentHashMap<>();

    /** A child run under way, and when it was started. */
    private record Child(Process process, Instant since) {
    }

    private ChildProcessBackend(MonitorConfig monitor, List<String> monitorCommand) {
        this.monitor = monitor;
        this.monitorCommand = List.copyOf(monitorCommand);
    }

    /** @param monitorCommand how to start the {@code monitor} command: a Java, its options, and the jar or class */
    public static ChildProcessBackend of(MonitorConfig monitor, List<String> monitorCommand) {
        return new ChildProcessBackend(monitor, monitorCommand);
    }

    @Override
    public Optional<ServiceConfig> service(String service) {
        return Services.find(monitor, service);
    }

    @Override
    public synchronized Submission submit(String service) {
        // A child takes a moment to start and lock its service: until it ends, a second rerun is refused here, so a
        // storm of POSTs starts one child, not one JVM each.
        Child started = children.get(service);
        if (started != null && started.process().isAlive()) {
            return Submission.refused("already queued since " + started.since().truncatedTo(ChronoUnit.SECONDS));
        }
        Optional<Instant> running = Services.runningSince(monitor, service);
        if (running.isPresent()) {
            return Submission.refused("already running since " + running.get());
        }
        List<String> command = new ArrayList<>(monitorCommand);
        command.addAll(List.of("run-promise", "--wait", "--instance", monitor.instanceRoot().toString(), service));
        Process child;
        try {
            child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, service + ": cannot start monitor run-promise: " + e.getMessage());
            throw new IllegalStateException("cannot start monitor run-promise: " + e.getMessage(), e);
        }
        Child entry = new Child(child, Instant.now());
        children.put(service, entry);
        child.onExit().thenRun(() -> children.remove(service, entry));
        CompletableFuture<Optional<String>> finished = child.onExit().thenApply(p -> p.exitValue() == LOCK_HELD
                ? Optional.of("not run: another run held the service's lock past its timeout")
                : Optional.<String>empty());
        return Submission.accepted(finished);
    }
}
