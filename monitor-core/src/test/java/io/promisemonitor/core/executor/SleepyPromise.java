package io.promisemonitor.core.executor;

import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseProvider;
import io.promisemonitor.core.promise.PromiseResult;
import java.util.Set;

/** A test built-in that ignores interruption and sleeps for its {@code seconds} option; or throws when asked. */
public final class SleepyPromise implements PromiseProvider {

    @Override
    public String name() {
        return "test-sleepy";
    }

    @Override
    public Set<String> options() {
        return Set.of("seconds", "throw");
    }

    @Override
    public Promise create(PromiseOptions options) {
        int seconds = options.integer("seconds", 0, 0, 3600);
        boolean fail = options.bool("throw", false);
        return context -> {
            if (fail) {
                throw new IllegalStateException("the disk vanished");
            }
            long until = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    // deliberately stubborn: the executor must free the slot anyway
                }
            }
            return PromiseResult.ok("slept " + seconds + "s in " + context.serviceName());
        };
    }
}
