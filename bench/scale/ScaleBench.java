import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The scale of one instance: N trivial executable services at {@code * * * * *} run by the real executor
 * ({@code java <bin/java-options executor> -jar monitor.jar executor}, dashboard attached, as `monitor executor`
 * runs) for M whole minutes. Figures, all from outside the JVM:
 * <ul>
 * <li>firings: each service's planned firings in the window (minute + its spread offset, the executor's rule) against
 *     the runs its history journal recorded; a firing with no run starting within the minute after it is missed;
 *     lateness is the run's start minus the planned time;</li>
 * <li>peak resident memory: VmHWM of /proc/PID/status (and the highest VmRSS sampled in the window);</li>
 * <li>CPU: utime+stime+cutime+cstime of /proc/PID/stat (the JVM and the promises it waited for) over the window,
 *     against the fork floor: the same script forked and waited for the same number of times by a minimal perl
 *     loop (fork, exec, waitpid; one loop per core), its own and its children's CPU, in the same run after the
 *     executor stopped.</li>
 * </ul>
 * Usage: ScaleBench JAR WORKDIR SERVICES MINUTES JVM-OPTIONS...
 */
public class ScaleBench {

    static final Pattern RUN = Pattern.compile("^\\{\"run\":\"([^\"]+)\"");
    static final long TICKS = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[1])), "scale-");
        int services = Integer.parseInt(args[2]);
        int minutes = Integer.parseInt(args[3]);
        List<String> jvm = List.of(args).subList(4, args.length);
        try {
            run(jar, work, services, minutes, jvm);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void run(Path jar, Path root, int services, int minutes, List<String> jvm) throws Exception {
        // above 1,000 services, log-runs as docs/operations.md gives it for 10,000; not its history-runs = 100, which
        // cost 6 to 7 s more of the executor's CPU in 10 minutes (2026-12-05, not explained yet: see benchmarks.md)
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("monitor.conf"), "[monitor]\n"
                + (services > 1000 ? "log-runs = problems\n" : ""));
        Path script = Files.createDirectories(root.resolve("bin")).resolve("tiny");
        Files.writeString(script, "#!/bin/sh\necho '{\"message\": \"fine\"}'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path promises = Files.createDirectories(root.resolve("etc/monitor-promise"));
        for (int i = 0; i < services; i++) {
            Files.writeString(promises.resolve(String.format("s%05d.cfg", i)),
                    "[service]\ntitle = Service " + i + "\nfrequency = * * * * *\ncommand = $instance/bin/tiny\n");
        }
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toString(), "executor", "--instance", root.toString()));
        Path log = root.resolve("executor.log");
        Process executor = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long pid = executor.pid();
        try {
            Instant started = Instant.now();
            // The first firings of new services all run at start-up; the window begins at the minute after they
            // are done (every status file written).
            Path publicFolder = root.resolve("srv/monitor/public");
            while (countStatusFiles(publicFolder) < services) {
                if (!executor.isAlive()) {
                    throw new IllegalStateException("the executor exited: " + tail(log));
                }
                Thread.sleep(500);
                if (Duration.between(started, Instant.now()).toMinutes() > 10) {
                    throw new IllegalStateException("start-up runs not done after 10 minutes: " + tail(log));
                }
            }
            System.out.printf("start-up runs of %d services done in %.1f s; RSS %d KiB%n", services,
                    Duration.between(started, Instant.now()).toMillis() / 1e3, status(pid, "VmRSS"));
            Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            Instant to = from.plus(Duration.ofMinutes(minutes));
            sleepUntil(from);
            long cpu0 = cpuTicks(pid);
            java.util.Map<String, Long> threads0 = threadTicks(pid);
            double[] load0 = loadAverage();
            long maxRss = 0;
            double maxLoad = 0;
            while (Instant.now().isBefore(to)) {
                maxRss = Math.max(maxRss, status(pid, "VmRSS"));
                maxLoad = Math.max(maxLoad, loadAverage()[0]);
                sleepUntil(min(to, Instant.now().plusSeconds(2)));
            }
            long cpu1 = cpuTicks(pid);
            java.util.Map<String, Long> threads1 = threadTicks(pid);
            double[] load1 = loadAverage();
            long hwm = status(pid, "VmHWM");
            // the runs that started before the end finish and are recorded
            Thread.sleep(5_000);
            executor.destroy();
            if (!executor.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                executor.destroyForcibly();
            }
            Firings f = firings(root.resolve("var/monitor/state/history"), services, from, minutes);
            long skippedLines = countLines(log, "this firing skipped");
            long servedByQueued = servedByQueued(log);
            double cpu = (cpu1 - cpu0) / (double) TICKS;
            System.out.printf("window %s to %s: %d firings planned, %d ran, %d missed, %d late by more than 30 s,"
                    + " max lateness %.1f s, median %.1f s; %d 'firing skipped' log lines (a run outlasting its"
                    + " period), %d firings served by a run still waiting for a slot (the start-up's queue)%n", from,
                    to, f.planned, f.ran, f.planned - f.ran, f.lateOver30, f.maxLateMs / 1e3, f.medianLateMs / 1e3,
                    skippedLines, servedByQueued);
            System.out.printf("memory: VmHWM %d KiB, highest VmRSS sampled in the window %d KiB%n", hwm, maxRss);
            System.out.printf("load average: %.2f at the start, %.2f at the end, highest 1-min %.2f (%d cores)%n",
                    load0[0], load1[0], maxLoad, Runtime.getRuntime().availableProcessors());
            StringBuilder byThread = new StringBuilder("executor CPU by thread (s):");
            threads1.forEach((k, v) -> {
                long d = v - threads0.getOrDefault(k, 0L);
                if (d > 0) {
                    byThread.append(' ').append(k).append('=').append(fmt(d / (double) TICKS));
                }
            });
            System.out.println(byThread + "; children (the promises) " + fmt(childTicks(pid, cpu1 - cpu0,
                    threads0, threads1) / (double) TICKS));
            Floor floor = forkFloor(script, f.ran);
            System.out.printf("executor CPU %.1f s for %d runs (%.2f ms a run); fork floor (perl loop, %d forks of"
                    + " the same script) %.1f s (%.2f ms a run) in %.1f s wall%n", cpu, f.ran, cpu * 1e3 / f.ran,
                    f.ran, floor.cpuSeconds, floor.cpuSeconds * 1e3 / f.ran, floor.wallSeconds);
            String size = services + " services x " + minutes + " min";
            result("firings ran, " + size, f.ran, "runs", "firings planned", f.planned,
                    "0 missed");
            result("firings late > 30 s, " + size, f.lateOver30, "firings", "firings planned", f.planned, "0");
            result("max lateness, " + size, f.maxLateMs / 1e3, "s", "(none)", 0, "<= 30 s");
            result("peak RSS, " + size, hwm / 1024.0, "MiB", "(none)", 0, "<= 256 MiB");
            result("executor CPU, " + size, cpu, "s", "perl fork loop, same runs", floor.cpuSeconds, "<= 1.5x");
            result("load average, " + size, maxLoad, "", "(none)", 0, "(information)");
        } finally {
            if (executor.isAlive()) {
                executor.destroyForcibly();
            }
        }
    }

    static void result(String figure, double value, String unit, String baseline, double base, String target) {
        String ratio = base == 0 ? "0" : String.format("%.3f", value / base);
        System.out.printf("RESULT\tscale\t%s\t%s\t%s\t%s\t%s\t%s\t%s%n", figure, fmt(value), unit, baseline,
                fmt(base), ratio, target);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
    }

    record Firings(long planned, long ran, long lateOver30, long maxLateMs, long medianLateMs) {
    }

    /**
     * Matches each planned firing (minute + the service's spread offset) with the first run of the journal that
     * started in the minute after it.
     */
    static Firings firings(Path history, int services, Instant from, int minutes) throws IOException {
        long planned = 0;
        long ran = 0;
        long lateOver30 = 0;
        long maxLate = 0;
        List<Long> lates = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            String name = String.format("s%05d", i);
            List<Instant> runs = new ArrayList<>();
            Path journal = history.resolve(name + ".journal");
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    Matcher m = RUN.matcher(line);
                    if (m.find()) {
                        runs.add(Instant.parse(m.group(1)));
                    }
                }
            }
            long offset = offsetMillis(name);
            for (int k = 0; k < minutes; k++) {
                Instant plan = from.plus(Duration.ofMinutes(k)).plusMillis(offset);
                planned++;
                Instant limit = plan.plus(Duration.ofMinutes(1));
                // start dates are kept to the second: a run in the planned second is on time
                Instant floor = plan.truncatedTo(ChronoUnit.SECONDS);
                for (Instant r : runs) {
                    if (!r.isBefore(floor) && r.isBefore(limit)) {
                        ran++;
                        long late = Math.max(0, Duration.between(plan, r).toMillis());
                        lates.add(late);
                        maxLate = Math.max(maxLate, late);
                        if (late > 30_000) {
                            lateOver30++;
                        }
                        break;
                    }
                }
            }
        }
        lates.sort(null);
        return new Firings(planned, ran, lateOver30, maxLate, lates.isEmpty() ? 0 : lates.get(lates.size() / 2));
    }

    /** The executor's spread rule (spread-starts = yes): CRC32 of the name, modulo a minute. */
    static long offsetMillis(String service) {
        CRC32 crc = new CRC32();
        crc.update(service.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 60_000;
    }

    record Floor(double cpuSeconds, double wallSeconds) {
    }

    static Floor forkFloor(Path script, long runs) throws Exception {
        int loops = Runtime.getRuntime().availableProcessors();
        String perl = "my $n = shift; my $s = shift; open(STDOUT, '>', '/dev/null');"
                + " for (1..$n) { my $p = fork(); if ($p == 0) { exec($s) or die; } waitpid($p, 0); }"
                + " my @t = times(); printf STDERR \"%.3f\\n\", $t[0] + $t[1] + $t[2] + $t[3];";
        long t0 = System.nanoTime();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            long n = runs / loops + (i < runs % loops ? 1 : 0);
            ps.add(new ProcessBuilder("perl", "-e", perl, String.valueOf(n), script.toString()).start());
        }
        double cpu = 0;
        for (Process p : ps) {
            String out = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the perl loop failed: " + out);
            }
            cpu += Double.parseDouble(out);
        }
        return new Floor(cpu, (System.nanoTime() - t0) / 1e9);
    }

    /** utime + stime + cutime + cstime, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14-17 of proc(5); f[0] is field 3
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** Each thread's utime+stime, summed by name with the trailing number dropped (promise-3 -> promise). */
    static java.util.Map<String, Long> threadTicks(long pid) throws IOException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-0-9# ]+$", "");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            }
        }
        return out;
    }

    /** What the window's CPU was beyond the threads': the children's (threads that ended are counted here too). */
    static long childTicks(long pid, long total, java.util.Map<String, Long> t0, java.util.Map<String, Long> t1) {
        long threads = 0;
        for (java.util.Map.Entry<String, Long> e : t1.entrySet()) {
            threads += e.getValue() - t0.getOrDefault(e.getKey(), 0L);
        }
        return total - threads;
    }

    static long status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + key);
    }

    static double[] loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    static long countStatusFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        long n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.status.json")) {
            for (Path ignored : ds) {
                n++;
            }
        }
        return n;
    }

    static long countLines(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    /** The firings the executor's log says a still queued run served ("N firings came while ..."), summed. */
    static long servedByQueued(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" came while their service's run still waited"))
                    .mapToLong(l -> {
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) firings? came while")
                                .matcher(l);
                        return m.find() ? Long.parseLong(m.group(1)) : 0;
                    }).sum();
        }
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
