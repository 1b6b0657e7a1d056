package io.promisemonitor.core.executor;

import io.promisemonitor.core.status.StatusChange;

/**
 * Told of every recorded result, on the thread that ran the promise and while it still holds the service's lock.
 * History, feeds, the dashboard and notification hooks listen here; an exception thrown by a listener is logged
 * and does not stop the others.
 */
@FunctionalInterface
public interface RunListener {

    /**
     * Told after the promise ran and before its result is written anywhere, under the service's lock: a listener
     * that cannot record the result throws, and the result is dropped rather than written to the status file alone.
     */
    default void beforeRecording(String service) {
    }

    void recorded(ServiceRunOutcome outcome, StatusChange change);

    /**
     * Told once the service's lock is released (its run's ticket still known): for work too slow to do while
     * holding the lock, such as rendering a rerun's result at once.
     */
    default void released(ServiceRunOutcome outcome) {
    }
}
