package io.promisemonitor.core.executor;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A run of one service that is queued or under way; at most one exists per service at a time. */
public final class RunTicket {

    private final String service;
    private final RunReason reason;
    private final Instant queuedAt;
    private volatile Instant startedAt;
    private final CompletableFuture<ServiceRunOutcome> done = new CompletableFuture<>();

    RunTicket(String service, RunReason reason, Instant queuedAt) {
        this.service = service;
        this.reason = reason;
        this.queuedAt = queuedAt;
    }

    public String service() {
        return service;
    }

    /** Why it runs. */
    public RunReason reason() {
        return reason;
    }

    public Instant queuedAt() {
        return queuedAt;
    }

    /** When it started, or null while it waits for a free slot. */
    public Instant startedAt() {
        return startedAt;
    }

    void started(Instant at) {
        startedAt = at;
    }

    /** Completes when the run is recorded (or skipped); never completes exceptionally. */
    public CompletableFuture<ServiceRunOutcome> done() {
        return done;
    }
}
