import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.StandaloneContext;
import io.promisemonitor.promises.logparser.LogParserPromise;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Generates a log of N MiB (about one line in a thousand an error), then times, alternately, 3 first scans by the
 * log-parser built-in (fresh state each, in this JVM) and 3 runs of `grep -c -E` with the same pattern; medians.
 * Both must count the same lines. Then 5 times: append 1 MiB, re-check with the kept state, and time grep on a file
 * holding just that MiB.
 */
public class LogParserBench {

    static final String PATTERN = "ERROR|FATAL";

    public static void main(String[] args) throws Exception {
        long mib = Long.parseLong(args[0]);
        Path dir = Files.createTempDirectory("bench-log-parser");
        try {
            Path log = dir.resolve("app.log");
            Random random = new Random(42);
            long t0 = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
                append(out, mib << 20, random);
            }
            System.out.printf("generated %d MiB in %.1f s%n", mib, (System.nanoTime() - t0) / 1e9);

            List<Long> ours = new ArrayList<>();
            List<Long> grep = new ArrayList<>();
            long ourCount = -1;
            long grepCount = -1;
            Promise promise = null;
            StandaloneContext context = null;
            for (int round = 0; round < 3; round++) {
                context = new StandaloneContext("bench", dir, dir.resolve("state-" + round), Clock.systemUTC());
                promise = new LogParserPromise().create(Options.of("bench").add("file", log.toString())
                        .add("pattern", PATTERN).add("critical", "1000000000").build());
                long a = System.nanoTime();
                PromiseResult result = promise.check(context);
                ours.add(System.nanoTime() - a);
                ourCount = matches(result);
                long b = System.nanoTime();
                grepCount = grep(log);
                grep.add(System.nanoTime() - b);
            }
            if (ourCount != grepCount) {
                throw new IllegalStateException("log-parser counted " + ourCount + " lines, grep " + grepCount);
            }
            double oursMs = median(ours) / 1e6;
            double grepMs = median(grep) / 1e6;
            System.out.printf("first scan: log-parser %.0f ms, grep %.0f ms (medians of 3), %d matching lines each%n",
                    oursMs, grepMs, ourCount);
            System.out.printf("RESULT\tlog-parser\tfirst scan of a %d MiB log\t%.0f\tms\tgrep -c -E, same pattern\t%.0f"
                    + "\t%.2f\t>= 0.50 (speed vs grep)%n", mib, oursMs, grepMs, grepMs / oursMs);

            List<Long> recheck = new ArrayList<>();
            List<Long> grepSmall = new ArrayList<>();
            Path small = dir.resolve("appended.log");
            for (int round = 0; round < 5; round++) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log,
                        StandardOpenOption.APPEND), 1 << 20);
                        OutputStream copy = new BufferedOutputStream(Files.newOutputStream(small), 1 << 20)) {
                    Random same = new Random(round);
                    append(out, 1 << 20, same);
                    append(copy, 1 << 20, new Random(round));
                }
                long a = System.nanoTime();
                PromiseResult result = promise.check(context);
                recheck.add(System.nanoTime() - a);
                long b = System.nanoTime();
                long expected = grep(small);
                grepSmall.add(System.nanoTime() - b);
                if (matches(result) != expected) {
                    throw new IllegalStateException("re-check counted " + matches(result) + ", grep " + expected);
                }
            }
            double recheckMs = median(recheck) / 1e6;
            double grepSmallMs = median(grepSmall) / 1e6;
            System.out.printf("re-check after 1 MiB appended: %.1f ms; grep on that MiB: %.1f ms (medians of 5)%n",
                    recheckMs, grepSmallMs);
            System.out.printf("RESULT\tlog-parser\tre-check after 1 MiB appended\t%.1f\tms\tgrep -c -E on that MiB\t"
                    + "%.1f\t%.2f\t< 50 ms%n", recheckMs, grepSmallMs, grepSmallMs / recheckMs);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
    private static final String[] PATHS = {"/api/v1/items", "/api/v1/users", "/static/app.js", "/health",
        "/api/v2/orders", "/login"};

    /** Appends about {@code bytes} of log lines, one in a thousand an ERROR or FATAL one. */
    private static void append(OutputStream out, long bytes, Random random) throws IOException {
        long written = 0;
        StringBuilder line = new StringBuilder(200);
        long second = 1_700_000_000L;
        while (written < bytes) {
            line.setLength(0);
            second += random.nextInt(2);
            int r = random.nextInt(1000);
            String level = r == 0 ? "ERROR" : r == 1 ? "FATAL" : LEVELS[random.nextInt(LEVELS.length)];
            line.append(java.time.Instant.ofEpochSecond(second)).append(" host-3 app[")
                    .append(1000 + random.nextInt(9000))
                    .append("]: ").append(level).append(" request id=").append(Long.toHexString(random.nextLong()))
                    .append(" path=").append(PATHS[random.nextInt(PATHS.length)]).append('/')
                    .append(random.nextInt(100000)).append(" status=").append(r < 2 ? 500 : 200).append(" time=")
                    .append(random.nextInt(900)).append("ms user=u").append(random.nextInt(5000))
                    .append(r < 2 ? " error: upstream timed out" : " ok").append('\n');
            byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b);
            written += b.length;
        }
    }

    private static long grep(Path file) throws Exception {
        Process p = new ProcessBuilder("grep", "-c", "-E", PATTERN, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return Long.parseLong(out);
    }

    private static long matches(PromiseResult result) {
        for (Perfdata d : result.perfdata()) {
            if (d.label().equals("matches")) {
                return (long) d.value();
            }
        }
        throw new IllegalStateException("no matches perfdata in " + result);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
