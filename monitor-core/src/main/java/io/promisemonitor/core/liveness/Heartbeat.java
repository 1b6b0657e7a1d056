package io.promisemonitor.core.liveness;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.IsoTimes;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The executor's own sign of life, {@code <web>/executor-heartbeat.json}, written at most once a minute. Pages are
 * rendered by the executor, so a dead executor cannot say it is dead: the dashboard's script and {@code monitor
 * status} read this file instead and say "executor not running since ..." when it is older than {@link #OLD_AFTER}.
 * It lives in the web folder because the browser must be able to fetch it.
 */
public final class Heartbeat {

    public static final String FILE = "executor-heartbeat.json";

    /** How often the executor writes it. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    /** Older than this, the executor is taken for dead: three missed beats, so a busy machine is not accused. */
    public static final Duration OLD_AFTER = INTERVAL.multipliedBy(3);

    private Heartbeat() {
    }

    public static Path file(MonitorConfig monitor) {
        return monitor.webFolder().resolve(FILE);
    }

    /** Writes the beat; a beat after a gap (the executor was down) first notes the gap in {@link ExecutorGaps}. */
    public static void write(MonitorConfig monitor, Instant now) {
        ExecutorGaps.beat(monitor, read(monitor), now);
        AtomicFiles.write(file(monitor), Json.write(Json.object().put("executor-heartbeat", now.toString())
                .put("interval-seconds", INTERVAL.toSeconds()).put("old-after-seconds", OLD_AFTER.toSeconds())));
    }

    /** The last beat; empty when the executor never ran here or the file is unreadable. */
    public static Optional<Instant> read(MonitorConfig monitor) {
        try {
            String at = Json.text(Json.readObject(Files.readString(file(monitor))), "executor-heartbeat");
            return at != null ? Optional.of(IsoTimes.instant(at)) : Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** True when {@code last} is older than {@link #OLD_AFTER} at {@code now}. */
    public static boolean isOld(Instant last, Instant now) {
        return Duration.between(last, now).compareTo(OLD_AFTER) > 0;
    }
}
