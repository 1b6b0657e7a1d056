import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** See run: executor throughput against xargs, and executor memory against an idle JVM. */
public class ExecutorBench {

    public static void main(String[] args) throws Exception {
        // The logging `monitor executor` has: one line per run on standard error (run sends it to a file).
        io.promisemonitor.cli.LogSetup.configure(false);
        switch (args[0]) {
            case "time": time(Integer.parseInt(args[1]), args[2]); break;
            case "idle": System.out.println(rssKb()); account(); break;
            case "memory": memory(Integer.parseInt(args[1]), Long.parseLong(args[2]), false); break;
            case "memory-dashboard": memory(Integer.parseInt(args[1]), Long.parseLong(args[2]), true); break;
            default: throw new IllegalArgumentException(args[0]);
        }
    }

    static Path instance(int services) throws Exception {
        return instance(services, Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Path instance(int services, Path parent) throws Exception {
        Path root = Files.createTempDirectory(Files.createDirectories(parent), "bench-executor");
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("monitor.conf"),
                "[monitor]\nspread-starts = no\n");
        Path script = Files.createDirectories(root.resolve("bin")).resolve("tiny");
        Files.writeString(script, "#!/bin/sh\necho '{\"message\": \"fine\"}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path promises = Files.createDirectories(root.resolve("etc/monitor-promise"));
        for (int i = 0; i < services; i++) {
            Files.writeString(promises.resolve(String.format("s%04d.cfg", i)),
                    "[service]\ntitle = Service " + i + "\ncommand = $instance/bin/tiny\n");
        }
        return root;
    }

    /** Rounds run before the measured ones: the executor runs for days, its first minute's JIT is not the point. */
    static final int WARM_UP = 2;
    static final int MEASURED = 5;

    /** {@code where} names the folder the instances are made in, for the figure's label. */
    static void time(int services, String where) throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        // Each round's instance is deleted at the end, not before the next round: on a journal-less ext4 (as
        // here), creating a file scans past every inode deleted in the last seconds, so deleting 3,000 files just
        // before a timed round made the executor pay for the benchmark's own clean-up.
        List<Path> roots = new ArrayList<>();
        try {
            for (int round = 0; round < WARM_UP + MEASURED; round++) {
                Path root = instance(services, Path.of(where.substring(where.indexOf('=') + 1)));
                roots.add(root);
                timeRound(root, services, round, ours, floor);
            }
        } finally {
            for (Path root : roots) {
                delete(root);
            }
        }
        double o = median(ours);
        double f = median(floor);
        System.out.printf("RESULT\texecutor\t%d services at once, to last file, %s\t%.2f\ts\txargs -P nproc, same"
                + " scripts\t%.2f\t%.2f\t<= 1.3x%n", services, where.substring(0, where.indexOf('=')), o, f, o / f);
    }

    static void timeRound(Path root, int services, int round, List<Double> ours, List<Double> floor)
            throws Exception {
        MonitorConfig monitor = InstanceConfig.loadMonitor(root);
        PromiseExecutor.prepareFolders(monitor);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        try (PromiseExecutor executor = new PromiseExecutor(monitor, Clock.systemUTC(),
                PromiseRegistry.fromClassPath())) {
            executor.tick();
            if (!executor.awaitIdle(Duration.ofMinutes(5))) {
                throw new IllegalStateException("runs did not finish");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long written;
        try (Stream<Path> s = Files.list(monitor.publicFolder())) {
            written = s.filter(p -> p.toString().endsWith(".status.json")).count();
        }
        if (written != services || !Files.isRegularFile(monitor.monitorHalJson())) {
            throw new IllegalStateException("only " + written + " status files written");
        }
        long x0 = System.nanoTime();
        Process xargs = new ProcessBuilder("sh", "-c", "seq " + services + " | xargs -P \"$(nproc)\" -n 1 "
                + root.resolve("bin/tiny") + " > /dev/null").inheritIO().start();
        if (xargs.waitFor() != 0) {
            throw new IllegalStateException("xargs failed");
        }
        double xs = (System.nanoTime() - x0) / 1e9;
        if (round >= WARM_UP) {
            ours.add(seconds);
            floor.add(xs);
        }
        System.out.printf("round %d: executor %.2f s (its own CPU %.2f s), xargs %.2f s%n", round, seconds, cpu, xs);
    }

    /** With {@code dashboard}, as `monitor executor` runs: history, pages and feeds rendered after each cycle. */
    static void memory(int services, long idleKb, boolean dashboard) throws Exception {
        Path root = instance(services);
        try {
            MonitorConfig monitor = InstanceConfig.loadMonitor(root);
            PromiseExecutor.prepareFolders(monitor);
            SettableClock clock = new SettableClock(Instant.parse("2026-11-21T10:00:30Z"));
            try (PromiseExecutor executor = new PromiseExecutor(monitor, clock, PromiseRegistry.fromClassPath());
                    Dashboard pages = dashboard ? Dashboard.attach(executor, clock) : null) {
                for (int cycle = 0; cycle < 5; cycle++) {
                    executor.tick();
                    if (!executor.awaitIdle(Duration.ofMinutes(5))) {
                        throw new IllegalStateException("runs did not finish");
                    }
                    if (pages != null) {
                        pages.renderNow();
                    }
                    clock.now = clock.now.plus(Duration.ofMinutes(1));
                }
                long kb = rssKb();
                String what = dashboard ? "with dashboard" : "executor alone";
                System.out.printf("RSS after 5 cycles of %d services (%s): %d KiB; idle JVM %d KiB%n", services, what,
                        kb, idleKb);
                account();
                System.out.printf("RESULT\texecutor\tRSS, %d services, 5 cycles, %s\t%.1f\tMiB\tidle JVM, same"
                        + " options\t%.1f\t%.2f\t<= 96 MiB%n", services, what, kb / 1024.0, idleKb / 1024.0,
                        (double) kb / idleKb);
            }
        } finally {
            delete(root);
        }
    }

    /**
     * With -Dbench.account=true (and -XX:NativeMemoryTracking=summary), the account of where the memory goes, on
     * standard error: the JVM's native memory summary and the 20 largest classes of the heap's live objects.
     */
    static void account() throws Exception {
        if (!Boolean.getBoolean("bench.account")) {
            return;
        }
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName(
                "com.sun.management:type=DiagnosticCommand");
        String[] signature = {String[].class.getName()};
        System.err.println("RSS " + rssKb() + " KiB");
        System.err.println(server.invoke(name, "vmNativeMemory", new Object[] {new String[] {"summary"}}, signature));
        String histogram = (String) server.invoke(name, "gcClassHistogram", new Object[] {new String[0]}, signature);
        histogram.lines().limit(24).forEach(System.err::println);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Rss")) {
                System.err.println(line);
            }
        }
    }

    /** The CPU time of this JVM's threads (the promises' processes are not in it). */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    static final class SettableClock extends Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static void delete(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
