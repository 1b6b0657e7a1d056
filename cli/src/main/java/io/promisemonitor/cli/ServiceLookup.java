package io.promisemonitor.cli;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import java.nio.file.Path;

/** The {@code .cfg} of a service named on the command line, or one line saying there is none. */
final class ServiceLookup {

    private ServiceLookup() {
    }

    static Path cfgOf(MonitorConfig monitor, String service) {
        return InstanceConfig.serviceFile(monitor, service).orElseThrow(() -> new UserError("unknown service '"
                + service + "': there is no " + monitor.promiseFolder().resolve(service + InstanceConfig.CFG_SUFFIX)
                + " nor an executable " + service + " in " + monitor.promiseFolders(), 2));
    }
}
