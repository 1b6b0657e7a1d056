package io.promisemonitor.core.status;

import io.promisemonitor.core.promise.PromiseResult;
import java.util.List;
import java.util.Optional;

/**
 * Decides what one result records, given the service's previous status (read under its lock): the status to
 * write (the last confirmed one while a change waits for confirmation), what keeps it from being news, and the
 * turns it takes. {@link #AS_IS} records every result as it came.
 */
@FunctionalInterface
public interface Judge {

    Judge AS_IS = (previous, result) -> new Judgement(result, Quieting.NONE, List.of());

    Judgement judge(Optional<ServiceStatus> previous, PromiseResult result);

    /** The result to record (its status the confirmed one), its quieting, and the turns taken. */
    record Judgement(PromiseResult result, Quieting quieting, List<StatusChange.Turn> turns) {
        public Judgement {
            turns = List.copyOf(turns);
        }
    }
}
