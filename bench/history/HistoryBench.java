import io.promisemonitor.core.config.UnknownAs;
import io.promisemonitor.core.history.AvailabilityReports;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.history.ReportPeriod;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One service run every minute for the 30 days of November 2026, in three shapes: steady (always OK), daily (a
 * ten-minute ERROR every day) and flapping (OK and ERROR in turn, every run a change). For each, with the default
 * keys (history-runs 1000, history-changes 200, history-keep 62d): the journal and the public history on disk; baseline: the same month with history-runs = 43200, every run kept (what the month would
 * cost without the merged status intervals). Then the time to build November's report from the steady history,
 * median of 9 after 3 warm-ups, against reading the journal's bytes once.
 */
public class HistoryBench {

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final int MINUTES = 30 * 24 * 60;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        for (String shape : List.of("steady", "daily", "flapping")) {
            long[] ours = month(work.resolve(shape + "-default"), shape, 1000);
            long[] every = month(work.resolve(shape + "-every-run"), shape, MINUTES);
            // a status changing at every run merges nothing: its intervals cost what its runs would
            String target = shape.equals("flapping") ? "<= 1x" : "<= 0.1x";
            result(shape + ": journal", ours[0] / 1024.0, "KiB", "every run kept", every[0] / 1024.0, target);
            result(shape + ": public history", ours[1] / 1024.0, "KiB", "every run kept", every[1] / 1024.0,
                    "<= 0.1x");
        }
        HistoryStore store = open(work.resolve("steady-default"), 1000);
        ReportPeriod november = ReportPeriod.parseMonth("2026-11", ZoneOffset.UTC);
        Instant now = Instant.parse("2026-12-01T00:01:00Z");
        long[] build = new long[9];
        long[] read = new long[9];
        Path journal = store.journal("svc");
        for (int round = -3; round < 9; round++) {
            long t0 = System.nanoTime();
            AvailabilityReports.build(november, now, store, List.of(), UnknownAs.EXCLUDED);
            long t1 = System.nanoTime();
            Files.readAllBytes(journal);
            long t2 = System.nanoTime();
            if (round >= 0) {
                build[round] = t1 - t0;
                read[round] = t2 - t1;
            }
        }
        result("report of a month (steady)", median(build) / 1e3, "us", "reading the journal once",
                median(read) / 1e3, "<= 10x");
    }

    /** Journal bytes, public history bytes. */
    static long[] month(Path dir, String shape, int runs) throws Exception {
        delete(dir);
        HistoryStore store = open(dir, runs);
        Status previous = null;
        Instant changed = START;
        for (int m = 0; m < MINUTES; m++) {
            Instant t = START.plus(Duration.ofMinutes(m));
            Status s = switch (shape) {
                case "steady" -> Status.OK;
                case "daily" -> m % 1440 >= 600 && m % 1440 < 610 ? Status.ERROR : Status.OK;
                default -> m % 2 == 0 ? Status.OK : Status.ERROR;
            };
            if (s != previous) {
                changed = t;
            }
            ServiceStatus status = ServiceStatus.builder("svc").title("Service").result(PromiseResult.of(s,
                    s == Status.OK ? "fine: 41% used" : "full: 99% used")).startDate(t.atOffset(ZoneOffset.UTC))
                    .changeDate(changed.atOffset(ZoneOffset.UTC)).executionTime(Duration.ofMillis(12))
                    .validUntil(t.plusSeconds(140).atOffset(ZoneOffset.UTC)).build();
            store.recordRun(status, s != previous, Optional.ofNullable(previous));
            previous = s;
        }
        store.publish("svc", START.plus(Duration.ofDays(30)), Duration.ZERO);
        return new long[] {Files.size(store.journal("svc")), Files.size(store.publicFile("svc"))};
    }

    static HistoryStore open(Path dir, int runs) {
        return HistoryStore.open(dir.resolve("history"), dir.resolve("public"),
                Clock.fixed(START, ZoneOffset.UTC), "bench", runs, 200, 100, Duration.ofDays(62));
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    static void delete(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static void result(String figure, double value, String unit, String baseline, double base, String target) {
        System.out.printf(Locale.ROOT, "RESULT\thistory\t%s\t%.1f\t%s\t%s\t%.1f\t%.3fx\t%s%n", figure, value, unit,
                baseline, base, value / base, target);
    }
}
