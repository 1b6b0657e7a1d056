package io.promisemonitor.cli;

import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.InstanceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A global public or private link named like a service would hide that service's own folder of links. */
final class LinkCheck {

    private LinkCheck() {
    }

    static List<ConfigProblem> clashes(InstanceConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        check(config, config.monitor().publicPathList(), "public-path-list", problems);
        check(config, config.monitor().privatePathList(), "private-path-list", problems);
        return problems;
    }

    private static void check(InstanceConfig config, List<Path> paths, String key, List<ConfigProblem> problems) {
        for (Path p : paths) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (config.services().containsKey(name) || config.broken().containsKey(name)) {
                problems.add(new ConfigProblem(config.monitor().configFile(), 0, key + " entry " + p
                        + " would be linked as '" + name + "', which is also a service name; rename one of them"));
            }
        }
    }
}
