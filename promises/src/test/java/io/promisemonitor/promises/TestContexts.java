package io.promisemonitor.promises;

import java.nio.file.Path;
import java.time.Clock;

/** Contexts for running a built-in directly in a test. */
public final class TestContexts {

    private TestContexts() {
    }

    /** Service {@code test}, instance root {@code root}, state in {@code root/state}. */
    public static StandaloneContext in(Path root, Clock clock) {
        return new StandaloneContext("test", root, root.resolve("state"), clock);
    }

    public static StandaloneContext in(Path root) {
        return in(root, Clock.systemUTC());
    }
}
