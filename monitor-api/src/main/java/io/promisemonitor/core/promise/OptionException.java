package io.promisemonitor.core.promise;

/**
 * A configuration mistake found by a promise: a missing or bad option. The message names the source, the option,
 * the value and what is allowed; it is shown to the operator as it is, never with a stack trace, and the service
 * becomes ERROR with it. The one exception a promise throws on purpose:
 * {@code throw options.bad("max-age", raw, "a duration up to 30d")}.
 */
public class OptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }
}
