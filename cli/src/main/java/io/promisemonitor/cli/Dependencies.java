package io.promisemonitor.cli;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.IniFile;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.config.ServiceKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code validate}'s checks of {@code depends-on} across services: every name is a service of this monitor, and no
 * service leads back to itself (the file reader already refuses a service naming itself).
 */
final class Dependencies {

    private Dependencies() {
    }

    static List<ConfigProblem> check(InstanceConfig config) {
        Set<String> known = new HashSet<>();
        for (Path file : InstanceConfig.listServiceFiles(config.monitor())) {
            known.add(InstanceConfig.serviceName(file));
        }
        Map<String, ServiceConfig> services = new TreeMap<>(config.services());
        List<ConfigProblem> problems = new ArrayList<>();
        for (ServiceConfig s : services.values()) {
            for (String dependency : s.changeRules().dependsOn()) {
                if (!known.contains(dependency)) {
                    problems.add(new ConfigProblem(s.cfgFile(), line(s, dependency), "depends-on '" + dependency
                            + "' is not a service of this monitor; allowed: the name of a .cfg or executable of the"
                            + " promise folders"));
                }
            }
        }
        Set<String> reported = new HashSet<>();
        for (ServiceConfig s : services.values()) {
            List<String> cycle = cycleFrom(s.name(), services);
            if (cycle != null && reported.addAll(cycle)) {
                String next = cycle.get(1 % cycle.size());
                problems.add(new ConfigProblem(s.cfgFile(), line(s, next), "depends-on '" + next + "' makes a"
                        + " cycle: " + String.join(" -> ", cycle) + " -> " + s.name() + "; allowed: dependencies"
                        + " that never lead back to the service"));
            }
        }
        return problems;
    }

    /** The services of a cycle through {@code start}, starting with it; null when none leads back to it. */
    private static List<String> cycleFrom(String start, Map<String, ServiceConfig> services) {
        List<String> path = new ArrayList<>(List.of(start));
        return cycleFrom(start, services, path, new HashSet<>());
    }

    /** Depth first from the end of {@code path}; {@code explored} holds services known not to lead to start. */
    private static List<String> cycleFrom(String start, Map<String, ServiceConfig> services, List<String> path,
            Set<String> explored) {
        String current = path.get(path.size() - 1);
        for (String next : services.get(current).changeRules().dependsOn()) {
            if (next.equals(start)) {
                return new ArrayList<>(path);
            }
            if (path.contains(next) || explored.contains(next) || !services.containsKey(next)) {
                continue;
            }
            path.add(next);
            List<String> found = cycleFrom(start, services, path, explored);
            if (found != null) {
                return found;
            }
            path.remove(path.size() - 1);
            explored.add(next);
        }
        return null;
    }

    /** The line of {@code dependency} in the service's {@code depends-on}, or its first line. */
    private static int line(ServiceConfig s, String dependency) {
        try {
            IniFile.Entry entry = IniFile.read(s.cfgFile()).section("service")
                    .flatMap(section -> section.get(ServiceKeys.DEPENDS_ON.name())).orElse(null);
            if (entry == null) {
                return 0;
            }
            for (int i = 0; i < entry.lines().size(); i++) {
                if (List.of(entry.lines().get(i).strip().split("\\s+")).contains(dependency)) {
                    return entry.line() + i;
                }
            }
            return entry.line();
        } catch (ConfigException e) {
            return 0;
        }
    }
}
