package io.promisemonitor.cli;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code .cfg} of a service named on the command line, or one line saying there is none. */
final class ServiceLookup {

    private ServiceLookup() {
    }

    static Path cfgOf(MonitorConfig monitor, String service) {
        Path cfg = monitor.promiseFolder().resolve(service + InstanceConfig.CFG_SUFFIX);
        if (!InstanceConfig.SERVICE_NAME.matcher(service).matches() || !Files.isRegularFile(cfg)) {
            throw new UserError("unknown service '" + service + "': there is no " + cfg, 2);
        }
        return cfg;
    }
}
