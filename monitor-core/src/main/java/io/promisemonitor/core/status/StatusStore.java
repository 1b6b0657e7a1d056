package io.promisemonitor.core.status;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.WriteFailures;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code public/<name>.status.json} files: reads the previous status, keeps its change date while the
 * status holds, and writes the new one atomically, only when its bytes differ.
 */
public final class StatusStore {

    static final String SUFFIX = UrlLayout.STATUS_SUFFIX;
    private static final System.Logger LOG = System.getLogger("io.promisemonitor.status");

    private final Path publicFolder;
    private final Optional<URI> baseUrl;
    private final Clock clock;
    private final WriteFailures failures;

    private StatusStore(Path publicFolder, Optional<URI> baseUrl, Clock clock) {
        this.publicFolder = publicFolder;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.failures = new WriteFailures(LOG, clock);
    }

    /**
     * Writes and reads a status in memory, once: the JSON library's first use costs a one-shot JVM (a cron line's)
     * tens of milliseconds, which a spare core can spend while the main thread reads the configuration.
     */
    public static void warmUp() {
        StatusJson.warmUp();
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
        return record(service.name(), service.title(), result, started, executionTime, returncode, Judge.AS_IS,
                started.plus(service.resultLifetime()));
    }

    public StatusChange record(String serviceName, String title, PromiseResult result, Instant started,
            Duration executionTime, Integer returncode) {
        return record(serviceName, title, result, started, executionTime, returncode, Judge.AS_IS, null);
    }

    /**
     * Records one run as {@code judge} decides from the previous status: the status written may be the last
     * confirmed one, with the fields that say why the result is not news.
     */
    public StatusChange record(String serviceName, String title, PromiseResult raw, Instant started,
            Duration executionTime, Integer returncode, Judge judge) {
        return record(serviceName, title, raw, started, executionTime, returncode, judge, null);
    }

    /** Like the one above; {@code validUntil} is when the result turns STALE ({@code valid-until}), or null. */
    public StatusChange record(String serviceName, String title, PromiseResult raw, Instant started,
            Duration executionTime, Integer returncode, Judge judge, Instant validUntil) {
        Path file = statusFile(serviceName);
        Written mine = written.get(serviceName);
        Optional<ServiceStatus> previous;
        Optional<AtomicFiles.Existing> existing;
        Unwritten lost = unwritten.get(serviceName);
        if (lost != null && lost.identity.equals(identity(file))) {
            // The last result could not be written (a full disk) and nobody wrote since: it is the previous one,
            // or its change would be taken for a new one, and notified, at every run until space returns.
            previous = Optional.of(lost.status);
            existing = AtomicFiles.readExisting(file);
        } else if (mine != null && attributes(file).filter(mine::isStill).isPresent()) {
            previous = Optional.of(mine.status);
            existing = Optional.of(mine.content);
        } else {
            existing = AtomicFiles.readExisting(file);
            previous = existing.map(AtomicFiles.Existing::bytes).flatMap(StatusStore::parse)
                    .filter(s -> s.id().equals(serviceName));
        }
        Judge.Judgement judged = judge.judge(previous, raw);
        PromiseResult result = judged.result();
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
                .validUntil(validUntil == null ? null : OffsetDateTime.ofInstant(validUntil, clock.getZone()))
                .executionTime(executionTime)
                .returncode(returncode)
                .link("self", UrlLayout.segment(serviceName) + SUFFIX)
                .link("monitor", monitorHref())
                .quieting(judged.quieting())
                .build();
        byte[] bytes = StatusJson.write(current).getBytes(StandardCharsets.UTF_8);
        boolean wrote;
        try {
            wrote = AtomicFiles.writeIfChangedViaSpare(file, bytes, existing);
        } catch (UncheckedIOException e) {
            failures.failed("status", file.toString(), "cannot be written: " + e.getCause().getMessage());
            written.remove(serviceName);
            unwritten.put(serviceName, new Unwritten(current, identity(file)));
            return new StatusChange(current, previous, false, judged.turns());
        }
        unwritten.remove(serviceName);
        remember(serviceName, file, current, wrote ? AtomicFiles.Existing.after(bytes, existing) : existing.get());
        return new StatusChange(current, previous, wrote, judged.turns());
    }

    /** A result that could not be written, and the identity of the file it should have replaced. */
    private record Unwritten(ServiceStatus status, Object identity) {
    }

    private final ConcurrentMap<String, Unwritten> unwritten = new ConcurrentHashMap<>();

    /** What tells a file replaced by someone else: its inode, size and modification time; "none" when absent. */
    private static Object identity(Path file) {
        return attributes(file).<Object>map(a -> List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime()))
                .orElse("none");
    }

    /**
     * What this store last wrote (or found unchanged) for a service, with the identity of the file then: while one
     * stat finds the same file, the next run takes its previous status from here instead of reading and parsing
     * the file again. Another process's write (monitor run-promise, a rerun) replaces the file, so it is noticed;
     * and it cannot slip in between a write and the stat after it, since every writer holds the service's lock.
     */
    private static final class Written {
        final Object fileKey;
        final long size;
        final FileTime modified;
        final AtomicFiles.Existing content;
        final ServiceStatus status;

        Written(BasicFileAttributes attributes, AtomicFiles.Existing content, ServiceStatus status) {
            this.fileKey = attributes.fileKey();
            this.size = attributes.size();
            this.modified = attributes.lastModifiedTime();
            this.content = content;
            this.status = status;
        }

        boolean isStill(BasicFileAttributes now) {
            return fileKey != null && fileKey.equals(now.fileKey()) && size == now.size()
                    && modified.equals(now.lastModifiedTime());
        }
    }

    private final ConcurrentMap<String, Written> written = new ConcurrentHashMap<>();

    private void remember(String serviceName, Path file, ServiceStatus status, AtomicFiles.Existing content) {
        Optional<BasicFileAttributes> attributes = attributes(file);
        if (attributes.isPresent() && attributes.get().size() == content.bytes().length) {
            written.put(serviceName, new Written(attributes.get(), content, status));
        } else {
            written.remove(serviceName);
        }
    }

    private static Optional<BasicFileAttributes> attributes(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last status of a service; empty when there is none or its file is empty, corrupted or not its own. */
    public Optional<ServiceStatus> read(String serviceName) {
        return readFile(statusFile(serviceName)).filter(s -> s.id().equals(serviceName));
    }

    /** Deletes the status file of a removed service. */
    public void remove(String serviceName) {
        Path file = statusFile(serviceName);
        written.remove(serviceName);
        unwritten.remove(serviceName);
        try {
            AtomicFiles.deleteWithSpare(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** The names of the services that have a status file, read or not. */
    public Set<String> recordedServices() {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(publicFolder, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                names.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + publicFolder + ": " + e.getMessage(), e);
        }
        return names;
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
        return AtomicFiles.readExisting(file).map(AtomicFiles.Existing::bytes).flatMap(StatusStore::parse);
    }

    private static Optional<ServiceStatus> parse(byte[] content) {
        return StatusJson.read(new String(content, StandardCharsets.UTF_8));
    }

    /** The monitor's own document: absolute when the base URL is known, else relative to {@code public/}. */
    private String monitorHref() {
        return baseUrl.map(u -> UrlLayout.withTrailingSlash(u) + UrlLayout.HAL_JSON).orElse("../" + UrlLayout.HAL_JSON);
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
