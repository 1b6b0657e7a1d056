package io.promisemonitor.core.executor;

import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseProvider;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import java.util.Locale;
import java.util.Set;

/** A test built-in answering the {@code status} and {@code message} it is given (core cannot see "dummy"). */
public final class FixedPromise implements PromiseProvider {

    @Override
    public String name() {
        return "test-fixed";
    }

    @Override
    public Set<String> options() {
        return Set.of("status", "message");
    }

    @Override
    public Promise create(PromiseOptions options) {
        Status status = Status.valueOf(options.get("status").orElse("OK").toUpperCase(Locale.ROOT));
        String message = options.get("message").orElse("fixed " + status);
        return context -> PromiseResult.of(status, message);
    }
}
