import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.history.RunEntry;
import io.promisemonitor.core.history.ServiceHistory;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.render.SiteRenderer;
import io.promisemonitor.core.render.SiteState;
import io.promisemonitor.core.render.Templates;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.cgi.SpoolBackend;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.web.MonitorServer;
import io.promisemonitor.core.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * 1. Renders index.html, monitor.rss and every service's page and feed for N services (20 runs and a few changes of
 *    history each) with a new renderer (no row kept): over the folder an earlier renderer left, as after a restart
 *    of the executor (every page and feed is rendered and checked against the file the last renderer left, which
 *    is rewritten only if it differs), and into an empty web folder, as at a first start (every file created; the
 *    same files written with a temporary file and a rename each, and with plain Files.write, are printed as that
 *    case's floors: creating 20,002 files is most of it).
 *    Then the steady-state render after one result (the index, the global feed, one page and one feed), within the
 *    same minute, and after the minute turned (every row's relative times redone). Medians of 9 rounds after 20
 *    warm-up rounds (3 after 2 for the empty folder, done last). All in a folder of bench/.work. Baseline: Jackson
 *    writing the same data (statuses, the runs shown, the changes) as one JSON document; the size of index.html is
 *    given against that document's.
 *    The render after a restart as it happens, in a new JVM with the executor's options for N services, against
 *    Jackson in one (restartColdBench).
 * 2. Serves the pages of M services (the stand-in static server) and loads index.html in headless chromium: time
 *    from navigation start until every row is in the document and painted (max of DOMContentLoaded end and first
 *    contentful paint, from the page's own Performance API), median of 5 loads after 1 warm-up. Baseline: a bare
 *    table of the same rows (no style, no script), same loads.
 */
public class DashboardBench {

    /**
     * Rounds before the timed ones: on two cores the JIT compiles while it renders. The restart render reaches its
     * steady time after 15 to 17 rounds (C2 still compiles its larger methods, a row's model among them, until then),
     * Jackson's after 3 ({@code restart} prints every round); 6 rounds, the count until 2026-12-05, timed the render
     * while C2 still worked. The first round's time is printed as well.
     */
    static final int WARM_UP = 20;
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    public static void main(String[] args) throws Exception {
        int services = Integer.parseInt(args[0]);
        int browserRows = Integer.parseInt(args[1]);
        // A folder of its own (bench/.work), as an instance's web folder is: not the /tmp that every test run churns.
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[2])), "dashboard-");
        String only = args.length > 3 ? args[3] : "all";
        try {
            if (only.equals("dump")) {
                // bench/dashboard/run N 0 dump: renders the site of N services, leaves it in a folder to compare
                Site site = site(work.resolve("dump"), services);
                new SiteRenderer(site.monitor(), Templates.of(Optional.empty())).render(site.state(), null);
                Path kept = Path.of(args[2], "dump-" + services);
                Files.move(site.monitor().webFolder(), kept);
                System.out.println("rendered into " + kept);
                return;
            }
            if (only.equals("restart-cpu")) {
                // bench/dashboard/run 10000 0 restart-cpu [ROUNDS]: the restart render alone, its CPU and allocation
                restartCpuBench(work.resolve("render"), services, args.length > 4 ? Integer.parseInt(args[4]) : 30);
                return;
            }
            if (only.equals("restart-cold")) {
                // bench/dashboard/run 10000 0 restart-cold [PAIRS]: the render after a restart as it happens, each
                // in a new JVM with the executor's options, against Jackson in one
                restartColdBench(work.resolve("cold"), services, args.length > 4 ? Integer.parseInt(args[4]) : 5,
                        Path.of(args[2]));
                return;
            }
            if (only.equals("cold-site")) {
                // bench/dashboard/run N 0 cold-site DIR: the site restart-cold renders, left in DIR for profiling
                // one side by hand (restart-once)
                Site site = site(Path.of(args[4]), services);
                new SiteRenderer(site.monitor(), Templates.of(Optional.empty())).render(site.state(), null);
                System.out.println("site left in " + args[4]);
                return;
            }
            if (only.equals("restart-once")) {
                // a child of restart-cold: one render (or one Jackson document) of the site left in args[5]
                restartOnce(Path.of(args[5]), services, args[4].equals("render"));
                return;
            }
            if (only.equals("restart")) {
                // bench/dashboard/run 10000 0 restart [ROUNDS]: the restart render alone, for profiling
                restartBench(work.resolve("render"), services, args.length > 4 ? Integer.parseInt(args[4]) : 9);
                return;
            }
            renderBench(work.resolve("render"), services);
            restartColdBench(work.resolve("cold"), services, 5, Path.of(args[2]));
            browserBench(work.resolve("browser"), browserRows);
            firstRowsBench(work.resolve("first-rows"), services);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Site(MonitorConfig monitor, List<ServiceConfig> services, Map<String, ServiceStatus> statuses,
            HistoryStore history) {
        SiteState state() {
            return state(NOW);
        }

        SiteState state(Instant now) {
            return new SiteState(monitor, now, ZoneOffset.UTC, services, statuses, history, Optional.of(now),
                    List.of(), Duration.ofSeconds(30), 100);
        }

        /** A new result of service {@code i}, started at {@code at}, recorded as the executor would. */
        String result(int i, Instant at) {
            ServiceConfig c = services.get(i);
            ServiceStatus last = statuses.get(c.name());
            ServiceStatus s = last.toBuilder().startDate(at.atOffset(ZoneOffset.UTC)).message("new result at " + at)
                    .build();
            history.recordRun(s, false, Optional.of(last.status()));
            statuses.put(c.name(), s);
            return c.name();
        }
    }

    static Site site(Path dir, int n) {
        return site(dir, n, true);
    }

    /**
     * The site of {@code n} services in {@code dir}: each with 20 runs recorded in its history when {@code record};
     * else the same configurations and statuses over the histories already in {@code dir}, read from their journals
     * as an executor reads them when it starts.
     */
    static Site site(Path dir, int n, boolean record) {
        MonitorConfig monitor = monitor(dir);
        HistoryStore history = HistoryStore.open(monitor.historyFolder(), monitor.publicFolder(),
                ZoneOffset.UTC, "bench", 1000, 200, 100);
        List<ServiceConfig> list = new ArrayList<>();
        Map<String, ServiceStatus> statuses = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = String.format("service-%05d", i);
            ServiceConfig service = TestConfigs.service(monitor, name).title("Service number " + i + " on /srv/" + i)
                    .build();
            list.add(service);
            ServiceStatus last = null;
            for (int run = 0; run < 20; run++) {
                Status status = run >= 17 ? statusOf(i) : Status.OK;
                Instant start = NOW.minus(Duration.ofMinutes(20 - run));
                Instant change = last != null && last.status() == status ? last.changeDate().toInstant() : start;
                ServiceStatus s = ServiceStatus.builder(name).title(service.title())
                        .result(PromiseResult.of(status, status == Status.OK ? "all good: 12 checks passed in 0.1 s"
                                : "check failed: /srv/" + i + " is 97% used, 3 GiB left of 100 GiB"))
                        .perfdata(i % 3 == 0 ? List.of(new Perfdata("/srv", 97, "%", "90", "95", "0", "100"),
                                Perfdata.of("time", 0.12, "s")) : List.of())
                        .startDate(start.atOffset(ZoneOffset.UTC)).changeDate(change.atOffset(ZoneOffset.UTC))
                        .executionTime(Duration.ofMillis(120)).build();
                if (record) {
                    history.recordRun(s, last == null || last.status() != status,
                            last == null ? Optional.empty() : Optional.of(last.status()));
                }
                last = s;
            }
            statuses.put(name, last);
        }
        return new Site(monitor, list, statuses, history);
    }

    /** The configuration of the site in {@code dir}. */
    static MonitorConfig monitor(Path dir) {
        return TestConfigs.monitor(dir).title("Bench box").build();
    }

    static Status statusOf(int i) {
        int k = i % 100;
        return k < 90 ? Status.OK : k < 95 ? Status.WARNING : k < 99 ? Status.ERROR : Status.UNKNOWN;
    }

    /** The same data as the pages show, as plain JSON: each status, its last 20 runs and its changes. */
    static byte[] jackson(ObjectMapper mapper, Site site) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ServiceConfig c : site.services()) {
            ServiceStatus s = site.statuses().get(c.name());
            ServiceHistory h = site.history().history(c.name()).orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("status", s.status().name());
            m.put("message", s.message());
            m.put("start", s.startDate().toString());
            m.put("change", s.changeDate().toString());
            m.put("execution", s.executionTime().toMillis());
            m.put("perfdata", s.perfdata());
            List<Map<String, Object>> runs = new ArrayList<>();
            for (RunEntry r : h.lastRuns(20)) {
                runs.add(Map.of("time", r.time().toString(), "status", r.status().name(), "message", r.message()));
            }
            m.put("runs", runs);
            List<Map<String, Object>> events = new ArrayList<>();
            h.events().forEach(e -> events.add(Map.of("id", e.id(), "time", e.time().toString(), "status",
                    String.valueOf(e.status()), "message", e.message())));
            m.put("events", events);
            out.add(m);
        }
        return mapper.writeValueAsBytes(out);
    }

    static void renderBench(Path dir, int n) throws Exception {
        long t0 = System.nanoTime();
        Site site = site(dir, n);
        System.out.printf("built %d services with history in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        Templates templates = Templates.of(Optional.empty());
        SiteRenderer warm = new SiteRenderer(site.monitor(), templates);
        warm.installAssets();
        warm.render(site.state(), null);
        ObjectMapper mapper = new ObjectMapper();
        List<Long> restart = new ArrayList<>();
        List<Long> empty = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        List<Long> atomicFloor = new ArrayList<>();
        List<Long> one = new ArrayList<>();
        List<Long> minute = new ArrayList<>();
        List<Long> json = new ArrayList<>();
        long bytes = 0;
        int rewritten = 0;
        int files = 0;
        long coldJit = 0;
        for (int round = 0; round < WARM_UP + 9; round++) {
            // Restart: a new renderer (no row kept) renders everything over the folder the last one left.
            SiteRenderer cold = new SiteRenderer(site.monitor(), templates);
            // made and prepared as the executor does while it reads the journals: templates, record of known files
            cold.prepare();
            long a = System.nanoTime();
            SiteRenderer.Report report = cold.render(site.state(), null);
            long b = System.nanoTime();
            rewritten = report.written();
            if (round == 0) {
                coldJit = b - a;
            }
            files = report.rendered();
            // Steady state: one result came in since the last render, in the same minute.
            String changed = site.result(round, NOW);
            long c = System.nanoTime();
            warm.render(site.state(), Set.of(changed));
            long d = System.nanoTime();
            // The same a minute later: every row's "N min ago" changed; rows keep their HTML, the times are redone.
            // One minute, not more: three would make every status STALE, which is another change of every row.
            String next = site.result(round + 10, NOW);
            long e = System.nanoTime();
            warm.render(site.state(NOW.plus(Duration.ofMinutes(1))), Set.of(next));
            long f = System.nanoTime();
            bytes = jackson(mapper, site).length;
            long g = System.nanoTime();
            warm.render(site.state(), Set.of());
            if (round >= WARM_UP) {
                restart.add(b - a);
                one.add(d - c);
                minute.add(f - e);
                json.add(g - f);
            }
        }
        // First start: a new renderer into an empty web folder, every file created. After the rest, and the folders
        // deleted only at the end: freeing tens of thousands of files keeps the disk busy for a while.
        for (int round = 0; round < 5; round++) {
            MonitorConfig fresh = TestConfigs.monitor(dir.resolve("empty-" + round)).title("Bench box").build();
            long e0 = System.nanoTime();
            new SiteRenderer(fresh, templates).render(site.state(), null);
            long e1 = System.nanoTime();
            // The floors of that: the same files written atomically (a temporary file, then a rename, as every file
            // another process reads must be), and with plain Files.write.
            Map<Path, byte[]> made = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(fresh.webFolder())) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    made.put(fresh.webFolder().relativize(p), Files.readAllBytes(p));
                }
            }
            long a0 = System.nanoTime();
            writeAll(dir.resolve("atomic-" + round), made, true);
            long a1 = System.nanoTime();
            writeAll(dir.resolve("plain-" + round), made, false);
            long f1 = System.nanoTime();
            if (round >= 2) {
                empty.add(e1 - e0);
                atomicFloor.add(a1 - a0);
                floor.add(f1 - a1);
            }
        }
        long index = Files.size(site.monitor().webFolder().resolve("index.html"));
        double restartMs = median(restart) / 1e6;
        double emptyMs = median(empty) / 1e6;
        double floorMs = median(floor) / 1e6;
        double atomicMs = median(atomicFloor) / 1e6;
        double oneMs = median(one) / 1e6;
        double minuteMs = median(minute) / 1e6;
        double jsonMs = median(json) / 1e6;
        System.out.printf("full render of %d files (index.html %.1f MB, %d pages, %d feeds): %.1f ms by a new renderer"
                + " over the rendered folder (%d file(s) rewritten in the last round; the first such render, JIT"
                + " still cold, %.1f ms), %.1f ms into an empty web folder (writing the same files atomically: %.1f ms,"
                + " with plain Files.write: %.1f ms); after one result %.1f ms (%.1f ms when the minute turned);"
                + " Jackson %.1f ms (%.1f MB); medians of %d rounds (%d for the empty folder)%n", files, index / 1e6,
                n, n, restartMs, rewritten, coldJit / 1e6, emptyMs, atomicMs, floorMs, oneMs, minuteMs, jsonMs,
                bytes / 1e6, restart.size(), empty.size());
        System.out.printf("RESULT\tdashboard\tfull render after a restart, %d services\t%.1f\tms\tJackson, same data"
                + "\t%.1f\t%.2f\t<= 1.0x%n", n, restartMs, jsonMs, restartMs / jsonMs);
        // A first start creates every file: bounded by the disk, so its baseline is creating the same files.
        System.out.printf("RESULT\tdashboard\tfirst render, empty folder\t%.1f\tms\tsame files, temp+rename\t%.1f"
                + "\t%.2f\t(information; Jackson %.2f)%n", emptyMs, atomicMs, emptyMs / atomicMs, emptyMs / jsonMs);
        System.out.printf("RESULT\tdashboard\trender after 1 result, %d services\t%.1f\tms\tJackson, same data\t%.1f\t"
                + "%.2f\t< 200 ms%n", n, oneMs, jsonMs, oneMs / jsonMs);
        System.out.printf("RESULT\tdashboard\trender after 1 result, new minute\t%.1f\tms\tJackson, same data\t%.1f\t"
                + "%.2f\t< 200 ms%n", minuteMs, jsonMs, minuteMs / jsonMs);
        System.out.printf("RESULT\tdashboard\tindex.html size, %d services\t%.1f\tMB\tJackson JSON, same data\t%.1f\t"
                + "%.2f\t<= 5 MB%n", n, index / 1e6, bytes / 1e6, (double) index / bytes);
    }

    /**
     * The full render after a restart alone, against Jackson in the same rounds: {@code rounds} timed rounds after
     * the warm-up ones, medians.
     */
    static void restartBench(Path dir, int n, int rounds) throws Exception {
        Site site = site(dir, n);
        Templates templates = Templates.of(Optional.empty());
        SiteRenderer first = new SiteRenderer(site.monitor(), templates);
        first.installAssets();
        first.render(site.state(), null);
        ObjectMapper mapper = new ObjectMapper();
        List<Long> restart = new ArrayList<>();
        List<Long> json = new ArrayList<>();
        List<Long> restartCpu = new ArrayList<>();
        List<Long> jsonCpu = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Long> restartAlloc = new ArrayList<>();
        List<Long> jsonAlloc = new ArrayList<>();
        int rewritten = 0;
        for (int round = 0; round < WARM_UP + rounds; round++) {
            // made and prepared as the executor does while it reads the journals: templates, record of known files
            SiteRenderer renderer = new SiteRenderer(site.monitor(), templates);
            renderer.prepare();
            long ma = allocated();
            long ca = os.getProcessCpuTime();
            long a = System.nanoTime();
            rewritten = renderer.render(site.state(), null).written();
            long b = System.nanoTime();
            long cb = os.getProcessCpuTime();
            long mb = allocated();
            jackson(mapper, site);
            long c = System.nanoTime();
            long cc = os.getProcessCpuTime();
            long mc = allocated();
            // every round, the warm-up's too: where the render reaches its steady time shows
            System.out.printf("round %d%s: restart render %.1f ms, Jackson %.1f ms%n", round + 1,
                    round < WARM_UP ? " (warm-up)" : "", (b - a) / 1e6, (c - b) / 1e6);
            if (round >= WARM_UP) {
                restartAlloc.add(mb - ma);
                jsonAlloc.add(mc - mb);
                restart.add(b - a);
                json.add(c - b);
                restartCpu.add(cb - ca);
                jsonCpu.add(cc - cb);
            }
        }
        System.out.printf("CPU time of the process (every thread, GC and JIT included): restart render %.1f ms,"
                + " Jackson %.1f ms (%.2f); medians%n", median(restartCpu) / 1e6, median(jsonCpu) / 1e6,
                median(restartCpu) / median(jsonCpu));
        System.out.printf("allocated: restart render %.0f MB, Jackson %.0f MB; medians%n", median(restartAlloc) / 1e6,
                median(jsonAlloc) / 1e6);
        double restartMs = median(restart) / 1e6;
        double jsonMs = median(json) / 1e6;
        long pages = 0;
        long feeds = 0;
        try (Stream<Path> walk = Files.list(site.monitor().webFolder().resolve(SiteRenderer.SERVICE_FOLDER))) {
            for (Path p : walk.toList()) {
                if (p.toString().endsWith(".html")) {
                    pages += Files.size(p);
                } else {
                    feeds += Files.size(p);
                }
            }
        }
        System.out.printf("restart render %.1f ms (%d file(s) rewritten in the last round: pages %.1f MB, feeds %.1f MB,"
                + " index.html %.1f MB, rows.json %.1f MB), Jackson %.1f ms; medians of %d rounds%n", restartMs,
                rewritten, pages / 1e6, feeds / 1e6, Files.size(site.monitor().webFolder().resolve(SiteRenderer.INDEX))
                / 1e6, Files.size(site.monitor().webFolder().resolve(SiteRenderer.ROWS)) / 1e6, jsonMs,
                restart.size());
        System.out.printf("RESULT\tdashboard\tfull render after a restart, %d services\t%.1f\tms\tJackson, same data"
                + "\t%.1f\t%.2f\t<= 1.0x%n", n, restartMs, jsonMs, restartMs / jsonMs);
    }

    /**
     * The render after a restart as it happens: a new JVM, started with the executor's options for this many services
     * ({@code bench.executorJvm}), reads the statuses and the histories' journals, then renders every page and feed
     * once over the folder an earlier renderer left (its record of known files included): the timed part. Against a
     * new JVM with the same options that reads the same site and then writes it once with Jackson (its object mapper
     * made before the timed part, as a program holds one). {@code pairs} of such JVMs, the side that goes first
     * alternating; medians of the wall and CPU times of the timed parts.
     */
    static void restartColdBench(Path dir, int n, int pairs, Path workRoot) throws Exception {
        Site site = site(dir, n);
        new SiteRenderer(site.monitor(), Templates.of(Optional.empty())).render(site.state(), null);
        String jvm = System.getProperty("bench.executorJvm", "");
        String classPath = System.getProperty("bench.childClassPath", System.getProperty("java.class.path"));
        System.out.println("each side in a new JVM: java " + jvm);
        List<Long> render = new ArrayList<>();
        List<Long> json = new ArrayList<>();
        List<Long> renderCpu = new ArrayList<>();
        List<Long> jsonCpu = new ArrayList<>();
        for (int pair = 0; pair < pairs; pair++) {
            for (int k = 0; k < 2; k++) {
                boolean renderSide = (pair + k) % 2 == 0;
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                for (String option : jvm.trim().split("\\s+")) {
                    if (!option.isEmpty()) {
                        command.add(option);
                    }
                }
                command.addAll(List.of("-cp", classPath, "DashboardBench", String.valueOf(n), "0",
                        workRoot.toString(), "restart-once", renderSide ? "render" : "jackson", dir.toString()));
                Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (child.waitFor() != 0 || !out.contains("ONCE ")) {
                    throw new IllegalStateException("the " + (renderSide ? "render" : "Jackson") + " JVM failed:\n"
                            + out);
                }
                if (Boolean.getBoolean("bench.childOutput")) {
                    System.out.print(out);
                }
                String[] f = out.substring(out.indexOf("ONCE ")).split("\\s+");
                long wall = Long.parseLong(f[2]);
                long cpu = Long.parseLong(f[3]);
                (renderSide ? render : json).add(wall);
                (renderSide ? renderCpu : jsonCpu).add(cpu);
                System.out.printf("pair %d: %s %.1f ms (CPU %.1f ms)%n", pair, renderSide ? "render" : "Jackson",
                        wall / 1e6, cpu / 1e6);
            }
        }
        double renderMs = median(render) / 1e6;
        double jsonMs = median(json) / 1e6;
        System.out.printf("CPU time of the process during the timed part (GC and JIT included): render %.1f ms,"
                + " Jackson %.1f ms (%.2f); medians%n", median(renderCpu) / 1e6, median(jsonCpu) / 1e6,
                (double) median(renderCpu) / median(jsonCpu));
        System.out.printf("RESULT\tdashboard\tfull render after a restart, new JVM with the executor's options, %d"
                + " services\t%.1f\tms\tJackson, same data, new JVM\t%.1f\t%.2f\t<= 1.0x%n", n, renderMs, jsonMs,
                renderMs / jsonMs);
    }

    /**
     * One side of {@link #restartColdBench}, in its own JVM: prints {@code ONCE side wallNs cpuNs}. Each side makes
     * its writer before it reads the site: the renderer as the executor's dashboard makes it, its templates compiled
     * in the background while the journals are read; Jackson's object mapper.
     */
    static void restartOnce(Path dir, int n, boolean render) throws Exception {
        ObjectMapper mapper = render ? null : new ObjectMapper();
        SiteRenderer renderer = render ? new SiteRenderer(monitor(dir), Templates.of(Optional.empty())) : null;
        if (render) {
            renderer.prepareInBackground();
        }
        Site site = site(dir, n, false);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        if (render) {
            renderer.render(site.state(), null);
        } else {
            jackson(mapper, site);
        }
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        System.out.println("ONCE " + (render ? "render" : "jackson") + " " + (t1 - t0) + " " + (c1 - c0));
    }

    /**
     * The restart render alone, {@code rounds} after 8 untimed ones, with nothing run between them: the process's CPU
     * time and allocation per render, means over the rounds (the CPU clock counts in steps of 10 ms, too coarse for
     * one render), and the median wall time. For comparing two builds on a busy machine, where the wall time and
     * Jackson's move with the load.
     */
    static void restartCpuBench(Path dir, int n, int rounds) throws Exception {
        Site site = site(dir, n);
        Templates templates = Templates.of(Optional.empty());
        new SiteRenderer(site.monitor(), templates).render(site.state(), null);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Long> wall = new ArrayList<>();
        long cpu = 0;
        long alloc = 0;
        for (int round = 0; round < 8 + rounds; round++) {
            if (round == 8) {
                cpu = os.getProcessCpuTime();
                alloc = allocated();
            }
            long a = System.nanoTime();
            new SiteRenderer(site.monitor(), templates).render(site.state(), null);
            if (round >= 8) {
                wall.add(System.nanoTime() - a);
            }
        }
        cpu = os.getProcessCpuTime() - cpu;
        alloc = allocated() - alloc;
        System.out.printf("restart render alone, %d services: CPU %.1f ms a render (mean of %d), allocated %.1f MB a"
                + " render, wall %.1f ms (median)%n", n, cpu / 1e6 / rounds, rounds, alloc / 1e6 / rounds,
                median(wall) / 1e6);
    }

    /** Bytes allocated so far by every live thread (the pool's included). */
    static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** Writes {@code files} under {@code root}, each atomically (temporary file, rename) or plainly, on every core. */
    static void writeAll(Path root, Map<Path, byte[]> files, boolean atomic) throws Exception {
        Files.createDirectories(root.resolve(SiteRenderer.SERVICE_FOLDER));
        files.entrySet().parallelStream().forEach(m -> {
            try {
                Path target = root.resolve(m.getKey());
                if (atomic) {
                    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
                    Files.write(temp, m.getValue());
                    Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.write(target, m.getValue());
                }
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
    }

    static void browserBench(Path dir, int n) throws Exception {
        Site site = site(dir, n);
        new SiteRenderer(site.monitor(), Templates.of(Optional.empty())).installAssets();
        new SiteRenderer(site.monitor(), Templates.of(Optional.empty())).render(site.state(), null);
        StringBuilder bare = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bare</title>"
                + "</head><body><table>");
        for (ServiceConfig c : site.services()) {
            ServiceStatus s = site.statuses().get(c.name());
            bare.append("<tr class=\"service\"><td>").append(s.status()).append("</td><td>").append(s.title())
                    .append("</td><td>").append(s.message()).append("</td></tr>\n");
        }
        bare.append("</table></body></html>\n");
        Files.writeString(site.monitor().webFolder().resolve("bare.html"), bare);
        // The real server over the same folders (the site uses the default layout under dir).
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/monitor.conf"), "[monitor]\nhttpd-port = 0\n");
        MonitorConfig served = InstanceConfig.loadMonitor(dir);
        try (MonitorServer server = MonitorServer.start(served, SpoolBackend.of(served, Clock.systemUTC()));
                Chromium browser = Chromium.launch(dir.resolve("profile"))) {
            List<Double> ours = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                double a = load(browser, server.url().resolve("index.html").toString(), n);
                double b = load(browser, server.url().resolve("bare.html").toString(), n);
                if (round >= 1) {
                    ours.add(a);
                    baseline.add(b);
                }
            }
            double oursMs = medianD(ours);
            double bareMs = medianD(baseline);
            System.out.printf("rows visible: dashboard %.0f ms, bare table %.0f ms (medians of %d loads)%n", oursMs,
                    bareMs, ours.size());
            System.out.printf("RESULT\tdashboard\trows visible in chromium, %d services\t%.0f\tms\tbare table, same rows"
                    + "\t%.0f\t%.2f\t< 1000 ms%n", n, oursMs, bareMs, oursMs / bareMs);
        }
    }

    /**
     * 3. The index of N services (10,000) in chromium: time from navigation start until its first rows are painted
     *    (the page lists the first ones itself, bad ones first: max of DOMContentLoaded end and first contentful
     *    paint), against a bare table of every row (no style, no script; the same measure); and until monitor.js
     *    has drawn every row from rows.json (information). Medians of 3 loads after 1 warm-up.
     */
    static void firstRowsBench(Path dir, int n) throws Exception {
        Site site = site(dir, n);
        SiteRenderer renderer = new SiteRenderer(site.monitor(), Templates.of(Optional.empty()));
        renderer.installAssets();
        renderer.render(site.state(), null);
        StringBuilder bare = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bare</title>"
                + "</head><body><table>");
        for (ServiceConfig c : site.services()) {
            ServiceStatus s = site.statuses().get(c.name());
            bare.append("<tr class=\"service\"><td>").append(s.status()).append("</td><td>").append(s.title())
                    .append("</td><td>").append(s.message()).append("</td></tr>\n");
        }
        bare.append("</table></body></html>\n");
        Files.writeString(site.monitor().webFolder().resolve("bare.html"), bare);
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/monitor.conf"), "[monitor]\nhttpd-port = 0\n");
        MonitorConfig served = InstanceConfig.loadMonitor(dir);
        long rowsJson = Files.size(site.monitor().webFolder().resolve(SiteRenderer.ROWS));
        try (MonitorServer server = MonitorServer.start(served, SpoolBackend.of(served, Clock.systemUTC()));
                Chromium browser = Chromium.launch(dir.resolve("profile"))) {
            List<Double> first = new ArrayList<>();
            List<Double> all = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                browser.navigate(server.url().resolve("index.html").toString());
                browser.waitFor("document.querySelectorAll('tr.service').length > 0 && performance"
                        + ".getEntriesByType('paint').some(p => p.name == 'first-contentful-paint')",
                        Duration.ofSeconds(60));
                double a = painted(browser);
                browser.waitFor("document.querySelectorAll('tr.service').length == " + n + " && !document"
                        + ".getElementById('rows').hasAttribute('data-partial')", Duration.ofSeconds(120));
                double b = browser.evaluate("performance.now()").asDouble();
                double c = load(browser, server.url().resolve("bare.html").toString(), n);
                if (round >= 1) {
                    first.add(a);
                    all.add(b);
                    baseline.add(c);
                }
            }
            double firstMs = medianD(first);
            double allMs = medianD(all);
            double bareMs = medianD(baseline);
            System.out.printf("%d services: first rows painted %.0f ms, every row drawn by monitor.js %.0f ms"
                    + " (rows.json %.1f MB); bare table of every row %.0f ms (medians of %d loads)%n", n, firstMs,
                    allMs, rowsJson / 1e6, bareMs, first.size());
            System.out.printf("RESULT\tdashboard\tfirst rows visible in chromium, %d services\t%.0f\tms\tbare table,"
                    + " every row\t%.0f\t%.2f\t< 2000 ms%n", n, firstMs, bareMs, firstMs / bareMs);
            System.out.printf("RESULT\tdashboard\tevery row drawn in chromium, %d services\t%.0f\tms\tbare table,"
                    + " every row\t%.0f\t%.2f\t(information)%n", n, allMs, bareMs, allMs / bareMs);
        }
    }

    /** ms from navigation start until the document was loaded and first painted. */
    static double painted(Chromium browser) {
        JsonNode t = browser.evaluate("(() => { const nav = performance.getEntriesByType('navigation')[0];"
                + " const fcp = performance.getEntriesByType('paint').find(p => p.name == 'first-contentful-paint');"
                + " return {dcl: nav.domContentLoadedEventEnd, fcp: fcp.startTime}; })()");
        return Math.max(t.get("dcl").asDouble(), t.get("fcp").asDouble());
    }

    /** Loads {@code url} and returns ms from navigation start until all rows are in the document and painted. */
    static double load(Chromium browser, String url, int rows) {
        browser.navigate(url);
        browser.waitFor("document.querySelectorAll('tr.service').length == " + rows
                + " && document.querySelectorAll('tr.service')[" + (rows - 1) + "].getBoundingClientRect().height > 0"
                + " && performance.getEntriesByType('paint').some(p => p.name == 'first-contentful-paint')",
                Duration.ofSeconds(30));
        JsonNode t = browser.evaluate("(() => { const nav = performance.getEntriesByType('navigation')[0];"
                + " const fcp = performance.getEntriesByType('paint').find(p => p.name == 'first-contentful-paint');"
                + " return {dcl: nav.domContentLoadedEventEnd, fcp: fcp.startTime}; })()");
        return Math.max(t.get("dcl").asDouble(), t.get("fcp").asDouble());
    }

    static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static double medianD(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
