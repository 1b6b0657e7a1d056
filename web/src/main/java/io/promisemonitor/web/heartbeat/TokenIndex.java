package io.promisemonitor.web.heartbeat;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.heartbeat.HeartbeatFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which service a heartbeat token belongs to. Tokens live in each service's promise state folder, made by the
 * executor or {@code monitor heartbeat-url}; the index reads them all when a token is not known yet, at most once
 * a second, so a flood of made-up tokens costs one folder listing a second. A service whose {@code .cfg} is gone
 * no longer takes pings.
 */
final class TokenIndex {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web");
    static final long RESCAN_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path stateRoot;
    private final MonitorConfig monitor;
    private Map<String, String> services = Map.of();
    private long lastScan;
    private boolean scanned;

    TokenIndex(MonitorConfig monitor) {
        this.stateRoot = monitor.promiseStateRoot();
        this.monitor = monitor;
    }

    /** The service of {@code token}, checked against its token file now (it may have been replaced). */
    synchronized Optional<String> service(String token) {
        String service = services.get(token);
        if (service != null && current(service, token)) {
            return Optional.of(service);
        }
        long now = System.nanoTime();
        if (scanned && now - lastScan < RESCAN_AFTER_NANOS) {
            return Optional.empty();
        }
        scan();
        scanned = true;
        lastScan = now;
        service = services.get(token);
        return service != null && current(service, token) ? Optional.of(service) : Optional.empty();
    }

    private boolean current(String service, String token) {
        return InstanceConfig.serviceFile(monitor, service).isPresent()
                && HeartbeatFiles.in(stateRoot.resolve(service)).token().filter(token::equals).isPresent();
    }

    private void scan() {
        Map<String, String> found = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(stateRoot, Files::isDirectory)) {
            for (Path folder : dir) {
                try {
                    HeartbeatFiles.in(folder).token().ifPresent(t -> found.put(t, folder.getFileName().toString()));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "heartbeat token in " + folder + " unreadable: "
                            + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            // no service has state yet
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot list " + stateRoot + ": " + e.getMessage());
        }
        services = found;
    }
}
