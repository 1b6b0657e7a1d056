package io.promisemonitor.cgi;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** What the backends of a process without the executor's memory read from disk: services and running runs. */
final class Services {

    private Services() {
    }

    /** A configured service, known when its {@code .cfg} or bare executable exists; a broken one too (it is recorded as ERROR). */
    static Optional<ServiceConfig> find(MonitorConfig monitor, String service) {
        return load(monitor, service).map(InstanceConfig.Loaded::config);
    }

    /** A configured service with the problems of its file, if it is broken. */
    static Optional<InstanceConfig.Loaded> load(MonitorConfig monitor, String service) {
        return cfg(monitor, service).map(file -> InstanceConfig.loadOrPlaceholder(monitor, file));
    }

    private static Optional<Path> cfg(MonitorConfig monitor, String service) {
        if (!InstanceConfig.SERVICE_NAME.matcher(service).matches()) {
            return Optional.empty();
        }
        return InstanceConfig.serviceFile(monitor, service);
    }

    /**
     * When the run under way started, read from the lock file without locking it (probing the lock could make
     * the executor's own attempt fail); empty when the file is empty (released) or names a dead process.
     */
    static Optional<Instant> runningSince(MonitorConfig monitor, String service) {
        Path file = monitor.servicePidFolder().resolve(service + ".pid");
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] lines = new String(head, 0, n, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines[0].strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(OffsetDateTime.parse(lines[1].strip()).toInstant());
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // being written: treat as free, the spool file still keeps runs apart
        }
        return Optional.empty();
    }
}
