package io.promisemonitor.promises.dummy;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import java.util.List;
import java.util.Locale;

/**
 * {@code promise = dummy}: answers the status and message it is given, like monitoring-plugins'
 * {@code check_dummy}. Useful to try a dashboard, a feed or a notification hook.
 */
public final class DummyPromise implements DocumentedProvider {

    @Override
    public String name() {
        return "dummy";
    }

    @Override
    public String description() {
        return "answers the given status and message (like check_dummy)";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("status", "OK", "The status to answer: OK, WARNING, ERROR or UNKNOWN"),
                new OptionDoc("message", "dummy says STATUS", "The message to answer"));
    }

    @Override
    public Promise create(PromiseOptions options) {
        String raw = options.get("status").orElse("OK");
        Status status;
        try {
            status = Status.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OptionException(options.source() + ": option 'status' is '" + raw
                    + "', allowed: OK, WARNING, ERROR or UNKNOWN");
        }
        String message = options.get("message").orElse("dummy says " + status);
        PromiseResult result = PromiseResult.of(status, message);
        return context -> result;
    }
}
