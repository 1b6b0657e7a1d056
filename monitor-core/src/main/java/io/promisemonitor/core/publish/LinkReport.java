package io.promisemonitor.core.publish;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Links#sync} found wrong, as messages such as {@code public-path-list: /x/y does not exist}:
 * problems with the global lists of monitor.conf, and per service the problems with its own lists, for the
 * executor to add to that service's message.
 */
public record LinkReport(List<String> global, Map<String, List<String>> byService, Set<Path> managedLinks) {

    public LinkReport {
        global = List.copyOf(global);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byService.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byService = Collections.unmodifiableMap(copy);
        managedLinks = Set.copyOf(managedLinks);
    }

    /** The problems with one service's links; empty when there are none. */
    public List<String> forService(String serviceName) {
        return byService.getOrDefault(serviceName, List.of());
    }

    public boolean isClean() {
        return global.isEmpty() && byService.values().stream().allMatch(List::isEmpty);
    }
}
