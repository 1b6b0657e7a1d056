package io.promisemonitor.core.quiet;

import io.promisemonitor.core.config.ChangeRules;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.IsoTimes;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.Judge;
import io.promisemonitor.core.status.Quieting;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusChange.Turn;
import io.promisemonitor.core.status.StatusStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a service's {@link ChangeRules} to each of its results, under its lock: a change of status waits for
 * {@code failures-before-bad} or {@code successes-before-ok} results in a row (the status file keeps the last
 * confirmed status meanwhile, with {@code attempt}); a bad service whose dependency is failing is
 * {@code blocked-by} it; a service in a silence or maintenance window says until when; a service whose confirmed
 * status changed more than {@code flap-limit} times in the last hour is {@code flapping}. Everything it needs
 * lives in files (the status files, the silences, {@code <state-folder>/flaps/}), so a cron minute's process
 * judges as the executor does.
 */
public final class ChangeJudge {

    /** The span over which changes are counted for {@code flap-limit}. */
    public static final Duration FLAP_SPAN = Duration.ofHours(1);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final System.Logger LOG = System.getLogger("io.promisemonitor.quiet");
    private final Clock clock;
    private final StatusStore store;
    private final Silences silences;
    private final Path flapFolder;

    public ChangeJudge(MonitorConfig monitor, Clock clock, StatusStore store) {
        this.clock = clock;
        this.store = store;
        this.silences = Silences.of(monitor, clock);
        this.flapFolder = monitor.stateFolder("flaps");
    }

    public Judge forService(ServiceConfig service) {
        return (previous, result) -> judge(service, previous, result);
    }

    private Judge.Judgement judge(ServiceConfig service, Optional<ServiceStatus> previous, PromiseResult raw) {
        Instant now = clock.instant();
        ChangeRules rules = service.changeRules();
        Quieting before = previous.map(ServiceStatus::quieting).orElse(Quieting.NONE);
        List<Turn> turns = new ArrayList<>(1);

        Status recorded = raw.status();
        String attempt = null;
        Status attemptStatus = null;
        if (previous.isPresent()) {
            Status confirmed = previous.get().status();
            // WARNING to ERROR is no new trouble: only OK to bad and back wait for confirmation
            if (raw.status() != confirmed && confirmed.isBad() != raw.status().isBad()) {
                int needed = raw.status().isBad() ? rules.failuresBeforeBad() : rules.successesBeforeOk();
                int count = before.attemptStatus() != null && before.attemptStatus().isBad() == raw.status().isBad()
                        ? before.attemptCount() + 1 : 1;
                if (count < needed) {
                    recorded = confirmed;
                    attempt = count + "/" + needed;
                    attemptStatus = raw.status();
                }
            }
        }
        PromiseResult result = recorded == raw.status() ? raw : raw.withStatus(recorded);

        List<String> blockedBy = new ArrayList<>();
        if (recorded.isBad()) {
            for (String dependency : rules.dependsOn()) {
                // one blocked by this service fails because of it (a cycle validate refuses): not a cause
                if (store.read(dependency).filter(s -> s.status().isBad()
                        && !s.quieting().blockedBy().contains(service.name())).isPresent()) {
                    blockedBy.add(dependency);
                }
            }
        }

        Optional<Silences.Active> silence = silences.active(service.name(), rules, now);
        OffsetDateTime until = null;
        String reason = null;
        Status statusBeforeSilence = null;
        if (silence.isPresent()) {
            until = OffsetDateTime.ofInstant(silence.get().until(), clock.getZone());
            reason = silence.get().reason();
            statusBeforeSilence = before.silenced() ? before.statusBeforeSilence()
                    : previous.map(ServiceStatus::status).orElse(null);
            if (!before.silenced()) {
                turns.add(new Turn(Turn.Kind.MAINTENANCE_STARTED, "in maintenance until " + DATE.format(until)
                        + ": " + reason, null));
            }
        } else if (before.silenced()) {
            turns.add(new Turn(Turn.Kind.MAINTENANCE_ENDED, "maintenance ended", before.statusBeforeSilence()));
        }

        boolean flapping = false;
        if (rules.flapLimit() > 0) {
            Status confirmedNow = recorded;
            Optional<Status> changedFrom = previous.map(ServiceStatus::status).filter(s -> s != confirmedNow);
            flapping = flapping(service.name(), rules.flapLimit(), before.flapping(), changedFrom, now, turns);
        } else if (before.flapping()) {
            turns.add(new Turn(Turn.Kind.FLAPPING_ENDED, "no longer flapping (flap-limit is off)",
                    previous.get().status()));
        }
        return new Judge.Judgement(result, new Quieting(until, reason, statusBeforeSilence, blockedBy, attempt,
                attemptStatus, flapping), turns);
    }

    /** A confirmed change in the flap span: when, and from what status. */
    private record Change(Instant at, Status from) {
    }

    /** The changes of the flap span, and the status the service had when it began flapping (null when not). */
    private record Flaps(List<Change> changes, Status before) {
    }

    /**
     * Counts the confirmed changes of the last {@link #FLAP_SPAN}, kept in {@code <state>/flaps/<service>.json}
     * (read only at a change or while flapping), and says whether the service flaps now.
     */
    private boolean flapping(String service, int limit, boolean wasFlapping, Optional<Status> changedFrom,
            Instant now, List<Turn> turns) {
        if (changedFrom.isEmpty() && !wasFlapping) {
            return false;
        }
        Path file = flapFolder.resolve(service + ".json");
        Flaps read = readFlaps(file);
        List<Change> changes = read.changes();
        Status before = read.before();
        changedFrom.ifPresent(from -> changes.add(new Change(now, from)));
        changes.removeIf(c -> !c.at().isAfter(now.minus(FLAP_SPAN)));
        boolean flapping = changes.size() > limit;
        if (flapping && !wasFlapping) {
            before = changes.get(0).from();
            turns.add(new Turn(Turn.Kind.FLAPPING_STARTED, "flapping: " + changes.size() + " changes of status in"
                    + " the last hour (flap-limit " + limit + "); its changes are not notified until it settles",
                    null));
        } else if (!flapping && wasFlapping) {
            turns.add(new Turn(Turn.Kind.FLAPPING_ENDED, "no longer flapping: " + changes.size() + " changes of"
                    + " status in the last hour", before));
            before = null;
        }
        writeFlaps(file, new Flaps(changes, flapping ? before : null));
        return flapping;
    }

    private static Flaps readFlaps(Path file) {
        List<Change> changes = new ArrayList<>();
        Status before = null;
        try {
            Map<String, Object> root = Json.readObject(Files.readString(file));
            for (Object element : Json.asArray(root.get("changes"))) {
                Map<String, Object> n = Json.asObject(element);
                if (n == null) {
                    throw new IllegalArgumentException("a change that is not an object");
                }
                changes.add(new Change(IsoTimes.instant(str(n.get("at"))), Status.valueOf(str(n.get("from")))));
            }
            if (root.get("before") != null) {
                before = Status.valueOf(str(root.get("before")));
            }
        } catch (NoSuchFileException e) {
            return new Flaps(changes, null);
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, file + " unreadable, counted afresh: " + e.getMessage());
            changes.clear();
        }
        return new Flaps(changes, before);
    }

    private static void writeFlaps(Path file, Flaps flaps) {
        List<Map<String, String>> list = new ArrayList<>();
        for (Change c : flaps.changes()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("at", c.at().toString());
            m.put("from", c.from().name());
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("changes", list);
        if (flaps.before() != null) {
            root.put("before", flaps.before().name());
        }
        try {
            if (list.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            AtomicFiles.writeIfChanged(file, Json.write(root));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write " + file + ": " + e.getMessage()
                    + "; flapping is counted from the changes it still holds");
        }
    }

    /** A text field as Jackson's asText gave it: "" when missing or null. */
    private static String str(Object value) {
        return value == null ? "" : value instanceof String text ? text : String.valueOf(value);
    }
}
