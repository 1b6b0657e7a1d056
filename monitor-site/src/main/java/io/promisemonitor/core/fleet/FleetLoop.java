package io.promisemonitor.core.fleet;

import io.promisemonitor.core.io.Rounds;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.publish.UrlLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every related monitor ({@code monitor-url-list}) once a minute and publishes what it saw as {@code
 * <web>/fleet.json}, which the static {@code fleet.html} draws. Rounds run on a thread of their own, one at a time,
 * reading {@link FleetLimits#parallel()} monitors at once within {@link FleetLimits}: an unreachable or misbehaving
 * monitor costs its round some seconds and one log line a minute, never a promise run.
 *
 * <pre>{@code
 * FleetLoop.of(monitor, clock).ifPresent(FleetLoop::start);
 * }</pre>
 */
public final class FleetLoop implements AutoCloseable {

    public static final String FILE = "fleet.json";
    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** The page polls the file this often; the file changes once a minute. */
    static final Duration PAGE_REFRESH = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.fleet");
    private final String title;
    private final List<URI> monitors;
    private final Path file;
    private final Clock clock;
    private final FleetLimits limits;
    private final MonitorReader reader;
    private final Map<URI, Instant> unreachableSince = new HashMap<>();
    private final Map<URI, String> knownTitles = new HashMap<>();
    private final ExecutorService readers;
    private final Rounds rounds = new Rounds("fleet", INTERVAL, this::round, LOG);

    /**
     * @param title this monitor's title, which the page names
     * @param monitors the related monitors' base URLs
     * @param file where the round's view is written ({@code fleet.json} in the web folder)
     */
    public FleetLoop(String title, List<URI> monitors, Path file, Clock clock, FleetLimits limits) {
        this.title = title == null ? "" : title;
        List<URI> bases = new ArrayList<>();
        for (URI u : monitors) {
            URI base = URI.create(UrlLayout.withTrailingSlash(u));
            if (!bases.contains(base)) {
                bases.add(base);
            }
        }
        this.monitors = List.copyOf(bases);
        this.file = file;
        this.clock = clock;
        this.limits = limits;
        this.reader = new MonitorReader(new RemoteFiles(limits), limits);
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(Math.max(1, limits.parallel()), r -> {
            Thread t = new Thread(r, "fleet-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        readLastFile();
    }

    /** The loop of an instance, writing {@code <web>/fleet.json}; empty without {@code monitor-url-list}. */
    public static Optional<FleetLoop> of(MonitorConfig monitor, Clock clock, FleetLimits limits) {
        if (monitor.monitorUrlList().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FleetLoop(monitor.title(), monitor.monitorUrlList(),
                monitor.webFolder().resolve(FILE), clock, limits));
    }

    /** One round with {@code limits}, for a process that does not stay (a cron minute); nothing when none listed. */
    public static void roundOnce(MonitorConfig monitor, Clock clock, FleetLimits limits) {
        of(monitor, clock, limits).ifPresent(loop -> {
            try (loop) {
                loop.rounds.runOnce();
            }
        });
    }

    /** Starts a round now and one a minute after the end of each. */
    public void start() {
        rounds.start();
    }

    /** One round: reads every monitor, writes the file, logs each unreachable one; returns what it saw. */
    public synchronized List<MonitorView> round() {
        Instant now = clock.instant();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (URI url : monitors) {
            tasks.add(() -> {
                try {
                    return reader.read(url, now);
                } catch (Unreachable e) {
                    return e;
                }
            });
        }
        List<Future<Object>> done;
        try {
            done = readers.invokeAll(tasks, limits.roundTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<MonitorView> views = new ArrayList<>();
        for (int i = 0; i < monitors.size(); i++) {
            URI url = monitors.get(i);
            Object outcome;
            try {
                outcome = done.get(i).get();
            } catch (CancellationException e) {
                outcome = new Unreachable(url + ": not read within the round's " + limits.roundTimeout().toSeconds()
                        + " s");
            } catch (ExecutionException e) {
                outcome = new Unreachable(url + ": " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            if (outcome instanceof MonitorView view) {
                unreachableSince.remove(url);
                if (!view.title().isEmpty()) {
                    knownTitles.put(url, view.title());
                }
                views.add(view);
            } else {
                String reason = ((Unreachable) outcome).getMessage();
                Instant since = unreachableSince.computeIfAbsent(url, u -> now);
                views.add(MonitorView.unreachable(url, knownTitles.getOrDefault(url, ""), reason, since));
                LOG.log(System.Logger.Level.WARNING, "fleet: related monitor " + url + " unreachable since " + since
                        + ": " + reason + "; tried again in a minute");
            }
        }
        write(now, views);
        return views;
    }

    private void write(Instant now, List<MonitorView> views) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", title);
        root.put("generated", now.toString());
        root.put("interval-seconds", INTERVAL.toSeconds());
        root.put("refresh-seconds", PAGE_REFRESH.toSeconds());
        root.put("heartbeat-old-after-seconds", Heartbeat.OLD_AFTER.toSeconds());
        List<Map<String, Object>> list = new ArrayList<>();
        for (MonitorView v : views) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", v.url().toString());
            m.put("title", v.title());
            m.put("state", v.state().word());
            m.put("reason", v.reason());
            m.put("since", v.since().map(Instant::toString).orElse(null));
            m.put("heartbeat", v.heartbeat().map(Instant::toString).orElse(null));
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String s : List.of("ERROR", "UNKNOWN", "WARNING", "PENDING", "OK")) {
                counts.put(s, 0);
            }
            List<Map<String, Object>> services = new ArrayList<>();
            for (ServiceView s : v.services()) {
                counts.merge(s.status(), 1, Integer::sum);
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("id", s.id());
                one.put("title", s.title());
                one.put("status", s.status());
                one.put("message", s.message());
                one.put("start-date", s.startDate().orElse(null));
                one.put("change-date", s.changeDate().orElse(null));
                one.put("page", s.page());
                one.put("status-url", s.statusUrl());
                services.add(one);
            }
            m.put("counts", counts);
            m.put("services", services);
            list.add(m);
        }
        root.put("monitors", list);
        try {
            AtomicFiles.write(file, Json.write(root));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fleet: cannot write " + file + ": " + e.getMessage());
        }
    }

    /** What the last process saw, so that "unreachable since" survives a restart. */
    private void readLastFile() {
        Map<String, Object> root;
        try {
            root = Json.readObject(Files.readString(file));
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            return;  // written anew at the first round
        }
        for (Object element : Json.asArray(root.get("monitors"))) {
            Map<String, Object> m = Json.asObject(element);
            String address = Json.text(m, "url");
            if (address == null) {
                continue;
            }
            try {
                URI url = URI.create(address);
                if (!monitors.contains(url)) {
                    continue;
                }
                String title = Json.text(m, "title");
                if (title != null && !title.isEmpty()) {
                    knownTitles.put(url, title);
                }
                String since = Json.text(m, "since");
                if ("unreachable".equals(Json.text(m, "state")) && since != null) {
                    unreachableSince.put(url, Instant.parse(since));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // an entry damaged by hand: forgotten
            }
        }
    }

    @Override
    public synchronized void close() {
        rounds.close();
        readers.shutdownNow();
    }
}
