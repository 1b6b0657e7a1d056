package io.promisemonitor.cli;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Services that a cron line still names but that no longer exist: each is reported once, not every minute (cron
 * mails what a line prints, and the log would fill with the same line). A marker per name in
 * {@code <state-folder>/cron-gone/}; it is removed when the service runs again.
 */
final class GoneServices {

    private GoneServices() {
    }

    /** True the first time {@code service} is found gone since it last ran. */
    static boolean firstTime(MonitorConfig monitor, String service) {
        Path marker = marker(monitor, service);
        if (marker == null) {
            return true;
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.createFile(marker);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static void forget(MonitorConfig monitor, String service) {
        Path marker = marker(monitor, service);
        if (marker != null) {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                // a stale marker only silences one report
            }
        }
    }

    private static Path marker(MonitorConfig monitor, String service) {
        return InstanceConfig.SERVICE_NAME.matcher(service).matches()
                ? monitor.stateFolder().resolve("cron-gone").resolve(service) : null;
    }
}
