package io.promisemonitor.core.catalogue;

import io.promisemonitor.core.config.ServiceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The services after a rescan (an immutable snapshot, by name) and what changed since the one before:
 * {@code first} for the first look of a process, when everything is new; {@code at}, the time of the rescan (a new
 * service's first run is planned for it).
 */
public record CatalogueChange(SortedMap<String, CatalogueEntry> services, Set<String> added, Set<String> changed,
        Set<String> removed, boolean first, Instant at) {

    public CatalogueChange {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        added = Set.copyOf(added);
        changed = Set.copyOf(changed);
        removed = Set.copyOf(removed);
    }

    /** Everything in {@code services} new: what a process that looks once (a cron minute) sees. */
    public static CatalogueChange firstLook(Map<String, CatalogueEntry> services, Instant at) {
        return new CatalogueChange(new TreeMap<>(services), services.keySet(), Set.of(), Set.of(), true, at);
    }

    public Optional<CatalogueEntry> entry(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The configurations, broken services' placeholders included, by name. */
    public List<ServiceConfig> configs() {
        List<ServiceConfig> list = new ArrayList<>(services.size());
        for (CatalogueEntry e : services.values()) {
            list.add(e.config());
        }
        return list;
    }
}
