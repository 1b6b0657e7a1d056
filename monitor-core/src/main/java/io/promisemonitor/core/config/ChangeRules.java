package io.promisemonitor.core.config;

import io.promisemonitor.core.schedule.MaintenanceWindow;
import java.util.List;

/**
 * What makes a result of a service news, from its {@code .cfg}: its maintenance windows, the services it depends
 * on, how many results in a row confirm a change, and how many changes an hour make it flapping.
 *
 * @param flapLimit 0 for no flapping detection
 */
public record ChangeRules(List<MaintenanceWindow> maintenance, List<String> dependsOn, int failuresBeforeBad,
        int successesBeforeOk, int flapLimit) {

    /** Every result told as it comes, as before these keys existed. */
    public static final ChangeRules NONE = new ChangeRules(List.of(), List.of(), 1, 1, 0);

    public ChangeRules {
        maintenance = List.copyOf(maintenance);
        dependsOn = List.copyOf(dependsOn);
    }
}
