package io.promisemonitor.core.liveness;

import io.promisemonitor.core.io.IsoTimes;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When the executor was not running: {@code <state>/liveness/executor-gaps}, one JSON line per gap between two
 * heartbeats further apart than {@link Heartbeat#OLD_AFTER} ({@code {"from": last beat, "to": next beat}}). A line is
 * appended only when the executor comes back, so a running executor writes nothing here; the file keeps
 * {@link #KEEP} of gaps, at most {@link #MAX_GAPS}. Uptime and the availability reports count the time inside a gap
 * as not observed, whatever the last result said.
 */
public final class ExecutorGaps {

    public static final String FILE = "executor-gaps";
    /** Longer than any report's period with the history kept around it. */
    static final Duration KEEP = Duration.ofDays(400);
    static final int MAX_GAPS = 2000;
    private static final int MAX_BYTES = 256 * 1024;
    private static final System.Logger LOG = System.getLogger("io.promisemonitor.liveness");

    /** A time the executor was not running, in epoch milliseconds. */
    public record Gap(long from, long to) {
    }

    private ExecutorGaps() {
    }

    public static Path file(MonitorConfig monitor) {
        return monitor.stateFolder("liveness").resolve(FILE);
    }

    /** Called before a heartbeat at {@code now} replaces {@code previous}: notes the gap between them, if any. */
    static void beat(MonitorConfig monitor, Optional<Instant> previous, Instant now) {
        if (previous.isEmpty() || !Heartbeat.isOld(previous.get(), now)) {
            return;
        }
        Path file = file(monitor);
        try {
            Files.createDirectories(file.getParent());
            String line = "{\"from\": \"" + previous.get() + "\", \"to\": \"" + now + "\"}\n";
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (Files.size(file) > MAX_BYTES / 2) {
                trim(file, now);
            }
        } catch (IOException | RuntimeException e) {
            // The gap shows as stale results all the same; only the reports lose its exact edges.
            LOG.log(System.Logger.Level.WARNING, "cannot note the executor's gap in " + file + ": " + e.getMessage());
        }
    }

    private static void trim(Path file, Instant now) {
        List<Gap> gaps = readFile(file);
        long oldest = now.minus(KEEP).toEpochMilli();
        StringBuilder out = new StringBuilder();
        int skip = Math.max(0, gaps.size() - MAX_GAPS);
        for (Gap g : gaps.subList(skip, gaps.size())) {
            if (g.to() >= oldest) {
                out.append("{\"from\": \"").append(Instant.ofEpochMilli(g.from())).append("\", \"to\": \"")
                        .append(Instant.ofEpochMilli(g.to())).append("\"}\n");
            }
        }
        AtomicFiles.write(file, out.toString());
    }

    /**
     * Every gap noted, oldest first, and the one going on at {@code now} when the last heartbeat is old (from that
     * beat to {@code now}). Without any heartbeat (no executor ever ran here, runs made by hand), there is none.
     */
    public static List<Gap> read(MonitorConfig monitor, Instant now) {
        List<Gap> gaps = readFile(file(monitor));
        Optional<Instant> beat = Heartbeat.read(monitor);
        if (beat.isPresent() && Heartbeat.isOld(beat.get(), now)) {
            gaps.add(new Gap(beat.get().toEpochMilli(), now.toEpochMilli()));
        }
        return gaps;
    }

    private static List<Gap> readFile(Path file) {
        List<Gap> gaps = new ArrayList<>();
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                LOG.log(System.Logger.Level.WARNING, file + " is larger than " + MAX_BYTES + " bytes: not read");
                return gaps;
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return gaps;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e.getMessage());
            return gaps;
        }
        for (String line : lines) {
            try {
                Map<String, Object> node = Json.readObject(line);
                long from = IsoTimes.instant(Json.text(node, "from")).toEpochMilli();
                long to = IsoTimes.instant(Json.text(node, "to")).toEpochMilli();
                if (from <= to) {
                    gaps.add(new Gap(from, to));
                }
            } catch (IOException | RuntimeException e) {
                // a line cut short by a power cut: the others hold
            }
        }
        gaps.sort(java.util.Comparator.comparingLong(Gap::from));
        return gaps;
    }
}
