package io.promisemonitor.cgi;

import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RunTicket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Reruns handed straight to the executor running in this process ({@code monitor up}). */
public final class InProcessBackend implements RerunBackend {

    private final PromiseExecutor executor;

    private InProcessBackend(PromiseExecutor executor) {
        this.executor = executor;
    }

    public static InProcessBackend of(PromiseExecutor executor) {
        return new InProcessBackend(executor);
    }

    @Override
    public Optional<ServiceConfig> service(String service) {
        return executor.service(service);
    }

    @Override
    public Submission submit(String service) {
        Optional<PromiseExecutor.Enqueued> queued = executor.trigger(service, RunReason.RERUN);
        if (queued.isEmpty()) {
            // removed between the lookup and now
            return Submission.refused("unknown service '" + service + "'");
        }
        RunTicket ticket = queued.get().ticket();
        if (!queued.get().created()) {
            Instant started = ticket.startedAt();
            return Submission.refused(started != null ? "already running since " + seconds(started)
                    : "already queued since " + seconds(ticket.queuedAt()));
        }
        CompletableFuture<Optional<String>> finished = ticket.done().thenApply(
                outcome -> outcome.ran() ? Optional.empty() : Optional.of(outcome.skippedBecause()));
        return Submission.accepted(finished);
    }

    static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
