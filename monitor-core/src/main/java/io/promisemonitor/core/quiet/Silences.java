package io.promisemonitor.core.quiet;

import io.promisemonitor.core.config.ChangeRules;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.schedule.MaintenanceWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The silences of an instance, one JSON file each in {@code <state-folder>/silences/}: they survive restarts, are
 * shared by every process of the instance (executor, cron minutes, the web server), and expire by themselves (an
 * ended one is ignored, and deleted by the next {@link #add} or {@link #list}). Together with a service's
 * {@code maintenance} windows they say whether, and until when, a service is silenced.
 */
public final class Silences {

    /** The longest silence: a month. A longer quiet is a service to remove or a window to configure. */
    public static final Duration MAX_LENGTH = Duration.ofDays(31);
    public static final int MAX_REASON = 500;
    public static final int MAX_SILENCES = 1000;
    public static final int MAX_SERVICES = 1000;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}");
    private static final System.Logger LOG = System.getLogger("io.promisemonitor.silence");

    /** Made at the first new silence: seeding it costs every process that only reads silences (a cron line's run). */
    private static final class Random {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final Path folder;
    private final Clock clock;
    private volatile Cached cached;
    /**
     * The modification time of the folder holding {@code folder} when {@code folder} was found missing: while it is
     * the same, {@code folder} is still missing (making it changes it). Most instances have no silence, and a stat
     * of the missing folder at every run threw an exception at every run.
     */
    private volatile FileTime parentWhileMissing;

    private record Cached(FileTime modified, List<Silence> silences) {
    }

    /** What silences a service at an instant: until when, and why. */
    public record Active(Instant until, String reason) {
    }

    private Silences(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public static Silences of(MonitorConfig monitor, Clock clock) {
        return new Silences(monitor.stateFolder("silences"), clock);
    }

    public Path folder() {
        return folder;
    }

    /**
     * Adds a silence from now for {@code length}, or until {@code until}. Throws {@link IllegalArgumentException}
     * saying what is wrong and what is allowed.
     */
    public Silence add(boolean all, List<String> services, Instant until, String reason, String by) {
        Instant now = clock.instant();
        if (!all && services.isEmpty()) {
            throw new IllegalArgumentException("no service named; allowed: one or more services, or --all");
        }
        if (services.size() > MAX_SERVICES) {
            throw new IllegalArgumentException(services.size() + " services named; allowed: up to " + MAX_SERVICES);
        }
        for (String s : services) {
            if (!InstanceConfig.SERVICE_NAME.matcher(s).matches()) {
                throw new IllegalArgumentException("'" + shown(s) + "' is not a service name; allowed: letters,"
                        + " digits, '.', '_' and '-', starting with a letter or digit");
            }
        }
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("the end " + until + " is not in the future; allowed: a time in the"
                    + " future");
        }
        if (Duration.between(now, until).compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("the end " + until + " is more than " + MAX_LENGTH.toDays()
                    + " days away; allowed: up to " + MAX_LENGTH.toDays() + " days");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON || why.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new IllegalArgumentException("the reason is " + (why.length() > MAX_REASON ? why.length()
                    + " characters long" : "holding control characters") + "; allowed: one line of up to "
                    + MAX_REASON + " characters");
        }
        List<Silence> existing = list();
        if (existing.size() >= MAX_SILENCES) {
            throw new IllegalArgumentException(existing.size() + " silences are set; allowed: up to " + MAX_SILENCES
                    + " (end some with --end)");
        }
        Silence silence = new Silence(HexFormat.of().formatHex(randomBytes()), all, all ? List.of() : services,
                now, until, why, by);
        write(silence);
        return silence;
    }

    /**
     * The end of a silence starting at {@code now}: after {@code forText} (a duration, {@code 2h}), or at
     * {@code untilText} ({@code 2026-12-04T22:30:00+01:00}, or a local {@code 2026-12-04T22:30} or {@code 22:30} in
     * {@code zone}, the next one to come); exactly one of them. Throws {@link IllegalArgumentException} quoting the
     * value and what is allowed.
     */
    public static Instant endOf(String forText, String untilText, Instant now, ZoneId zone) {
        boolean hasFor = forText != null && !forText.isBlank();
        boolean hasUntil = untilText != null && !untilText.isBlank();
        if (hasFor == hasUntil) {
            throw new IllegalArgumentException((hasFor ? "both a duration and an end are given" : "no duration nor"
                    + " end given") + "; allowed: one of them, such as for 2h or until 22:30");
        }
        if (hasFor) {
            Duration d;
            try {
                d = Durations.parse(forText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("duration " + e.getMessage());
            }
            if (d.isZero() || d.compareTo(MAX_LENGTH) > 0) {
                throw new IllegalArgumentException("duration '" + forText.strip() + "' is not allowed; allowed: from"
                        + " 1s to " + MAX_LENGTH.toDays() + "d");
            }
            return now.plus(d);
        }
        String text = untilText.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // a local time, below
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // a time of day, below
        }
        try {
            LocalTime time = LocalTime.parse(text);
            ZonedDateTime today = now.atZone(zone).with(time);
            return (today.toInstant().isAfter(now) ? today : today.plusDays(1)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("end '" + shown(untilText.strip()) + "' is not a time; allowed:"
                    + " 2026-12-04T22:30:00+01:00, 2026-12-04T22:30 or 22:30 (local time)");
        }
    }

    /** Ends a silence now, by deleting it; false when there is no such silence (ended, or never set). */
    public boolean end(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + shown(id) + "' is not a silence id; allowed: the 8 hex digits"
                    + " --list shows");
        }
        try {
            return Files.deleteIfExists(folder.resolve(id + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete silence " + id + ": " + e.getMessage(), e);
        }
    }

    /** The silences not ended yet (future ones included), soonest end first; ended ones are deleted. */
    public List<Silence> list() {
        Instant now = clock.instant();
        List<Silence> out = new ArrayList<>();
        for (Silence s : readAll()) {
            if (now.isBefore(s.until())) {
                out.add(s);
            } else {
                try {
                    Files.deleteIfExists(folder.resolve(s.id() + ".json"));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot delete the ended silence " + s.id() + ": "
                            + e.getMessage());
                }
            }
        }
        out.sort(Comparator.comparing(Silence::until).thenComparing(Silence::id));
        return out;
    }

    /**
     * Whether {@code service} is silenced at {@code now}, by a silence or one of its maintenance windows (in
     * {@code clock}'s time zone): the latest end of those that hold, and its reason.
     */
    public Optional<Active> active(String service, ChangeRules rules, Instant now) {
        Active best = null;
        for (Silence s : current()) {
            if (s.covers(service) && s.activeAt(now) && (best == null || s.until().isAfter(best.until()))) {
                best = new Active(s.until(), s.reason().isEmpty() ? "silenced" : s.reason());
            }
        }
        for (MaintenanceWindow w : rules.maintenance()) {
            Optional<Instant> until = w.activeUntil(now, clock.getZone());
            if (until.isPresent() && (best == null || until.get().isAfter(best.until()))) {
                best = new Active(until.get(), "maintenance window " + w);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The silences on disk, read again only when the folder changed (a silence added or ended). */
    private List<Silence> current() {
        FileTime missing = parentWhileMissing;
        if (missing != null && missing.equals(lastModified(folder.getParent()))) {
            return List.of();
        }
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(folder);
            parentWhileMissing = null;
        } catch (NoSuchFileException e) {
            rememberMissing();
            return List.of();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + folder + ": " + e.getMessage());
            return List.of();
        }
        Cached c = cached;
        if (c != null && c.modified().equals(modified)) {
            return c.silences();
        }
        List<Silence> read = readAll();
        cached = new Cached(modified, read);
        return read;
    }

    /**
     * Remembers the parent's time, unless it changed within the last second: the folder could have been made
     * since it was found missing within the same tick of the file system's clock.
     */
    private void rememberMissing() {
        FileTime parent = lastModified(folder.getParent());
        parentWhileMissing = parent != null && parent.toMillis() < System.currentTimeMillis() - 1000 ? parent : null;
    }

    private static FileTime lastModified(Path file) {
        try {
            return file == null ? null : Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private List<Silence> readAll() {
        List<Silence> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                read(file).ifPresent(out::add);
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Optional<Silence> read(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".json".length());
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            if (Files.size(file) > 256 * 1024) {
                LOG.log(System.Logger.Level.WARNING, "silence " + file + " ignored: larger than 256 KiB");
                return Optional.empty();
            }
            Map<String, Object> n = Json.readObject(Files.readString(file));
            List<String> services = new ArrayList<>();
            Json.asArray(n.get("services")).forEach(s -> services.add(str(s)));
            return Optional.of(new Silence(id, Boolean.TRUE.equals(n.get("all")), services,
                    Instant.parse(str(n.get("from"))), Instant.parse(str(n.get("until"))),
                    str(n.get("reason")), str(n.get("by"))));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // ended meanwhile
        } catch (IOException | DateTimeParseException e) {
            LOG.log(System.Logger.Level.WARNING, "silence " + file + " ignored: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void write(Silence s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("all", s.all());
        m.put("services", s.services());
        m.put("from", s.from().toString());
        m.put("until", s.until().toString());
        m.put("reason", s.reason());
        m.put("by", s.by());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(folder.resolve(s.id() + ".json"), Json.write(m));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        Random.RANDOM.nextBytes(b);
        return b;
    }

    private static String shown(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** A text field as Jackson's asText gave it: "" when missing or null. */
    private static String str(Object value) {
        return value == null ? "" : value instanceof String text ? text : String.valueOf(value);
    }
}
