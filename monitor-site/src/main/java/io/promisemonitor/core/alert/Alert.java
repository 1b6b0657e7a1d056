package io.promisemonitor.core.alert;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's API v2 takes it: labels identify it (Alertmanager groups and deduplicates on them),
 * annotations describe it; {@code endsAt} in the past resolves it.
 */
public record Alert(SortedMap<String, String> labels, SortedMap<String, String> annotations, Instant startsAt,
        Instant endsAt, Optional<URI> generatorUrl) {

    public Alert {
        labels = new TreeMap<>(labels);
        annotations = new TreeMap<>(annotations);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(generatorUrl, "generatorUrl");
    }

    static Alert of(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
            Optional<URI> generatorUrl) {
        return new Alert(new TreeMap<>(labels), new TreeMap<>(annotations), startsAt, endsAt, generatorUrl);
    }

    /** What tells this alert from the others of the monitor: its alert name and service. */
    public String key() {
        return labels.get("alertname") + "/" + labels.getOrDefault("service", "");
    }

    /** The same alert, ending at {@code end}. */
    public Alert endingAt(Instant end) {
        return new Alert(labels, annotations, startsAt, end, generatorUrl);
    }
}
