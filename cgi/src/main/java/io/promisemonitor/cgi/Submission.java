package io.promisemonitor.cgi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link RerunBackend} made of a request: accepted, with a future that completes when the run is over
 * (empty when it ran and recorded its status, else why it did not run); or refused, saying why
 * ({@code already running since 2026-11-21T10:00:00Z}).
 */
public final class Submission {

    private final String refusedBecause;
    private final CompletableFuture<Optional<String>> finished;

    private Submission(String refusedBecause, CompletableFuture<Optional<String>> finished) {
        this.refusedBecause = refusedBecause;
        this.finished = finished;
    }

    public static Submission accepted(CompletableFuture<Optional<String>> finished) {
        return new Submission(null, finished);
    }

    public static Submission refused(String because) {
        return new Submission(because, CompletableFuture.completedFuture(Optional.of(because)));
    }

    public boolean accepted() {
        return refusedBecause == null;
    }

    public String refusedBecause() {
        return refusedBecause;
    }

    public CompletableFuture<Optional<String>> finished() {
        return finished;
    }
}
