package io.promisemonitor.core.status;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.publish.UrlLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code public/<name>.status.json} files: reads the previous status, keeps its change date while the
 * status holds, and writes the new one atomically, only when its bytes differ.
 */
public final class StatusStore {

    static final String SUFFIX = ".status.json";

    private final Path publicFolder;
    private final Optional<URI> baseUrl;
    private final Clock clock;

    private StatusStore(Path publicFolder, Optional<URI> baseUrl, Clock clock) {
        this.publicFolder = publicFolder;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** Dates are written in {@code clock}'s time zone. */
    public static StatusStore of(MonitorConfig config, Clock clock) {
        return new StatusStore(config.publicFolder(), config.baseUrl(), Objects.requireNonNull(clock, "clock"));
    }

    public Path statusFile(String serviceName) {
        return publicFolder.resolve(checkName(serviceName) + SUFFIX);
    }

    /**
     * Records one run of {@code service}.
     *
     * @param started when the run began (the {@code start-date})
     * @param returncode the promise process's exit code, or null for a built-in
     */
    public StatusChange record(ServiceConfig service, PromiseResult result, Instant started, Duration executionTime,
            Integer returncode) {
        return record(service.name(), service.title(), result, started, executionTime, returncode);
    }

    public StatusChange record(String serviceName, String title, PromiseResult result, Instant started,
            Duration executionTime, Integer returncode) {
        Path file = statusFile(serviceName);
        Optional<byte[]> previousBytes = readBytes(file);
        Optional<ServiceStatus> previous = previousBytes.flatMap(StatusStore::parse)
                .filter(s -> s.id().equals(serviceName));
        OffsetDateTime start = OffsetDateTime.ofInstant(started, clock.getZone());
        OffsetDateTime changeDate = previous.filter(p -> p.status() == result.status())
                .map(ServiceStatus::changeDate)
                .map(d -> d.atZoneSameInstant(clock.getZone()).toOffsetDateTime())
                .orElse(start);
        ServiceStatus current = ServiceStatus.builder(serviceName)
                .title(title)
                .result(result)
                .startDate(start)
                .changeDate(changeDate)
                .executionTime(executionTime)
                .returncode(returncode)
                .link("self", UrlLayout.segment(serviceName) + SUFFIX)
                .link("monitor", monitorHref())
                .build();
        boolean written = AtomicFiles.writeIfChanged(file, StatusJson.write(current).getBytes(StandardCharsets.UTF_8),
                previousBytes);
        return new StatusChange(current, previous, written);
    }

    /** The last status of a service; empty when there is none or its file is empty, corrupted or not its own. */
    public Optional<ServiceStatus> read(String serviceName) {
        return readFile(statusFile(serviceName)).filter(s -> s.id().equals(serviceName));
    }

    /** Every readable status in the public folder, sorted by id; unreadable files are left out. */
    public List<ServiceStatus> readAll() {
        List<ServiceStatus> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(publicFolder, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                readFile(file).filter(s -> s.id().equals(id)).ifPresent(out::add);
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + publicFolder + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ServiceStatus::id));
        return out;
    }

    private static Optional<ServiceStatus> readFile(Path file) {
        return readBytes(file).flatMap(StatusStore::parse);
    }

    /** Empty when there is no regular file (a FIFO would block the read) or it cannot be read. */
    private static Optional<byte[]> readBytes(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            // a file being replaced or unreadable counts as no previous status, as a corrupted one does
            return Optional.empty();
        }
    }

    private static Optional<ServiceStatus> parse(byte[] content) {
        return StatusJson.read(new String(content, StandardCharsets.UTF_8));
    }

    /** The monitor's own document: absolute when the base URL is known, else relative to {@code public/}. */
    private String monitorHref() {
        return baseUrl.map(u -> UrlLayout.withTrailingSlash(u) + "monitor.haljson").orElse("../monitor.haljson");
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("service name '" + name + "': must be a file name without '/',"
                    + " control characters, '.' or '..'");
        }
        return name;
    }
}
