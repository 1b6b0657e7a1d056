import io.promisemonitor.core.config.InstanceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads N generated .cfg files with the monitor's reader (median of 7 rounds after 3 warm-up rounds) and times
 * `cat` of the same files (same rounds) as the floor: the cost of just getting the bytes off the disk cache.
 */
public class ConfigReadBench {

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path instance = Files.createTempDirectory("bench-config-read");
        try {
            Path promises = Files.createDirectories(instance.resolve("etc/monitor-promise"));
            Files.writeString(instance.resolve("etc/monitor.conf"), "[monitor]\ntitle = bench\n");
            for (int i = 0; i < count; i++) {
                Files.writeString(promises.resolve(String.format("service-%05d.cfg", i)), String.join("\n",
                        "[service]",
                        "title = Service number " + i,
                        "frequency = */" + (1 + i % 30) + " * * * *",
                        "timeout = 30s",
                        "public-path-list =",
                        "  $instance/var/log/service-" + i + ".log",
                        "  $instance/var/log/service-" + i + "-last-report.csv",
                        "private-path-list = $instance/var/service-" + i,
                        "command = $instance/bin/check --name 'service " + i + "' --warning 10%",
                        ""));
            }
            List<Long> ours = new ArrayList<>();
            List<Long> cat = new ArrayList<>();
            int services = 0;
            for (int round = 0; round < 10; round++) {
                long t0 = System.nanoTime();
                InstanceConfig config = InstanceConfig.load(instance);
                long t1 = System.nanoTime();
                services = config.services().size();
                if (!config.broken().isEmpty()) {
                    throw new IllegalStateException("generated files did not read: " + config.broken());
                }
                Process p = new ProcessBuilder("sh", "-c", "cat -- *.cfg > /dev/null").directory(promises.toFile())
                        .inheritIO().start();
                long t2 = System.nanoTime();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("cat failed");
                }
                long t3 = System.nanoTime();
                if (round >= 3) {
                    ours.add(t1 - t0);
                    cat.add(t3 - t2 + (t2 - t2));
                }
            }
            double oursMs = median(ours) / 1e6;
            double catMs = median(cat) / 1e6;
            System.out.printf("read %d services; monitor %.1f ms, cat %.1f ms (medians of %d rounds)%n", services,
                    oursMs, catMs, ours.size());
            System.out.printf("RESULT\tconfig-read\tread %d .cfg files\t%.1f\tms\tcat of the same files\t%.1f\t%.2f\t"
                    + "(none set; floor is cat)%n", count, oursMs, catMs, oursMs / catMs);
        } finally {
            try (Stream<Path> walk = Files.walk(instance)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
