package io.promisemonitor.core.promise;

import java.util.Set;

/**
 * The service-provider interface for built-in promises, found with {@link java.util.ServiceLoader} on the class
 * path and in the jars of the instance's {@code lib/} folder. List implementations in
 * {@code META-INF/services/io.promisemonitor.core.promise.PromiseProvider}.
 *
 * <pre>{@code
 * public final class AlwaysOk implements PromiseProvider {
 *     public String name() { return "always-ok"; }
 *     public Set<String> options() { return Set.of("message"); }
 *     public Promise create(PromiseOptions o) {
 *         String text = o.get("message").orElse("fine");
 *         return context -> PromiseResult.ok(text);
 *     }
 * }
 * }</pre>
 */
public interface PromiseProvider {

    /** The name used in {@code promise = <name>} and {@code monitor check <name>}. */
    String name();

    /** One line saying what it checks, for {@code monitor check --help}. */
    default String description() {
        return name();
    }

    /** The option names it accepts (without leading dashes); others are refused with a did-you-mean. */
    Set<String> options();

    /**
     * Validates the options and returns the check. Throws {@link OptionException} ({@code options.bad(...)})
     * naming the bad option and what is allowed.
     */
    Promise create(PromiseOptions options);
}
