package io.promisemonitor.core.promise;

/**
 * A check run by the executor inside its own JVM. Small enough for a lambda:
 *
 * <pre>{@code
 * Promise alwaysFine = context -> PromiseResult.ok("all good");
 * }</pre>
 *
 * Any exception thrown becomes an ERROR result naming the failure; a check that overruns the service's
 * timeout is ERROR too and its thread is interrupted.
 */
@FunctionalInterface
public interface Promise {

    PromiseResult check(PromiseContext context) throws Exception;
}
