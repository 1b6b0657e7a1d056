package io.promisemonitor.core.quiet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One silence set by {@code monitor silence} or {@code monitor-silence.cgi}: the services it covers (or all of
 * them), from when until when, why, and who set it.
 *
 * @param services the services covered; empty when {@code all}
 * @param by who set it: {@code cli:<user>} or {@code web:<login>}
 */
public record Silence(String id, boolean all, List<String> services, Instant from, Instant until, String reason,
        String by) {

    public Silence {
        Objects.requireNonNull(id, "id");
        services = List.copyOf(services);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        reason = reason == null ? "" : reason;
        by = by == null ? "" : by;
    }

    public boolean covers(String service) {
        return all || services.contains(service);
    }

    /** True from {@code from} (included) until {@code until} (excluded). */
    public boolean activeAt(Instant now) {
        return !now.isBefore(from) && now.isBefore(until);
    }

    /** {@code disk, web} or {@code every service}. */
    public String coverage() {
        return all ? "every service" : String.join(", ", services);
    }
}
