package io.promisemonitor.cli;

import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.publish.Links;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A global public or private link named like a service would hide that service's own folder of links. */
final class LinkCheck {

    private LinkCheck() {
    }

    static List<ConfigProblem> clashes(InstanceConfig config) {
        Set<String> names = new TreeSet<>(config.services().keySet());
        names.addAll(config.broken().keySet());
        List<ConfigProblem> problems = new ArrayList<>();
        for (String clash : Links.clashes(config.monitor(), names)) {
            problems.add(new ConfigProblem(config.monitor().configFile(), 0, clash));
        }
        return problems;
    }
}
