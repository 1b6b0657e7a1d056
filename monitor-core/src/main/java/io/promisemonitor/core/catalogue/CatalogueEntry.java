package io.promisemonitor.core.catalogue;

import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.ServiceConfig;
import java.util.List;

/**
 * One service as its {@code .cfg} gave it: the configuration, or, for a broken file, a placeholder with the
 * problems that make the service ERROR without running anything; and the file's fingerprint when it was read.
 */
public record CatalogueEntry(ServiceConfig config, List<ConfigProblem> problems, Object fingerprint) {

    public CatalogueEntry {
        problems = List.copyOf(problems);
    }

    public String name() {
        return config.name();
    }
}
