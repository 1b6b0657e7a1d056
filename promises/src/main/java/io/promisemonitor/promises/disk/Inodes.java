package io.promisemonitor.promises.disk;

import io.promisemonitor.core.run.ProcessOutcome;
import io.promisemonitor.core.run.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

/**
 * Inode counts, which Java's {@code FileStore} does not give: one {@code stat -f} run (coreutils, statfs(2)) for
 * every path of a check. A file system that does not count inodes (btrfs says 0) has none.
 */
final class Inodes {

    /** Total and free inodes of one file system. */
    record Count(long total, long free) {
        double freePercent() {
            return 100.0 * free / total;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Inodes() {
    }

    static Map<Path, Count> of(List<Path> realPaths, Clock clock) {
        Map<Path, Count> counts = new HashMap<>();
        if (realPaths.isEmpty()) {
            return counts;
        }
        String stat = Files.isExecutable(Path.of("/usr/bin/stat")) ? "/usr/bin/stat" : "stat";
        List<String> argv = new ArrayList<>(List.of(stat, "-f", "-c", "%c %d %n", "--"));
        realPaths.forEach(p -> argv.add(p.toString()));
        ProcessOutcome outcome = ProcessRunner.create(clock).withOutputCap(1 << 20)
                .run(argv, Map.of("LC_ALL", "C"), Path.of("/"), TIMEOUT);
        // stat prints the lines of the paths it could read, in order, and complains about the others.
        for (String line : new String(outcome.stdout(), StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(" ", 3);
            if (f.length < 3) {
                continue;
            }
            try {
                long total = Long.parseLong(f[0]);
                long free = Long.parseLong(f[1]);
                if (total > 0) {
                    counts.put(Path.of(f[2]), new Count(total, free));
                }
            } catch (NumberFormatException e) {
                // not a line of ours
            }
        }
        return counts;
    }
}
