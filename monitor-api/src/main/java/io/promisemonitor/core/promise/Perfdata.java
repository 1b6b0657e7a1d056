package io.promisemonitor.core.promise;

import java.util.Objects;

/**
 * One Nagios performance datum: {@code 'label'=value[UOM];[warn];[crit];[min];[max]}.
 * Thresholds and bounds are kept as written (they may be ranges such as {@code 10:20}). The value is NaN when the
 * plugin printed {@code U} (unknown); the status file writes it as null.
 */
public record Perfdata(String label, double value, String unit, String warn, String crit, String min, String max) {

    public Perfdata {
        Objects.requireNonNull(label, "label");
        unit = unit == null ? "" : unit;
        warn = emptyToNull(warn);
        crit = emptyToNull(crit);
        min = emptyToNull(min);
        max = emptyToNull(max);
    }

    public static Perfdata of(String label, double value, String unit) {
        return new Perfdata(label, value, unit, null, null, null, null);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
