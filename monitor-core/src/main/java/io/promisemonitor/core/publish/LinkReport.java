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
public record LinkReport(List<String> global, Map<String, List<String>> byService, Set<Path> managedLinks,
        Map<String, List<String>> repairedByService) {

    public LinkReport {
        global = List.copyOf(global);
        byService = copy(byService);
        managedLinks = Set.copyOf(managedLinks);
        repairedByService = copy(repairedByService);
    }

    public LinkReport(List<String> global, Map<String, List<String>> byService, Set<Path> managedLinks) {
        this(global, byService, managedLinks, Map.of());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> byService) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byService.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The links of one service this sync found replaced by someone (a link to elsewhere in place of the monitor's)
     * and put back: done, so not a problem that lasts, but worth saying once in the service's next message.
     */
    public List<String> repairedFor(String serviceName) {
        return repairedByService.getOrDefault(serviceName, List.of());
    }

    /** The problems with one service's links; empty when there are none. */
    public List<String> forService(String serviceName) {
        return byService.getOrDefault(serviceName, List.of());
    }

    public boolean isClean() {
        return global.isEmpty() && byService.values().stream().allMatch(List::isEmpty);
    }
}
