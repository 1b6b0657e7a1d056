package io.promisemonitor.core.history;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.IsoTimes;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.io.WriteFailures;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.status.ServiceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every service's history, kept across restarts. Each run and each event is appended as one JSON line to
 * {@code <state>/history/<service>.journal}: a run costs one small append, never a rewrite, which spares flash.
 * A journal is rewritten whole (atomically) only when it holds twice what is kept, so about once per
 * {@code history-runs} runs. The public copy, {@code public/<service>.history.json}, is written at render time by
 * {@link #publish}, at most once per publish interval unless an event happened. A half-written last line (power
 * cut) is skipped when reading.
 *
 * <p>Watchdogs and scripts add an action with {@link #recordAction}, or from another process by dropping a JSON
 * file {@code {"service": ..., "message": ...}} into {@code <state>/history/actions/}, read by
 * {@link #ingestActions}.
 */
public final class HistoryStore {

    public static final String JOURNAL_SUFFIX = ".journal";
    public static final String PUBLIC_SUFFIX = UrlLayout.HISTORY_SUFFIX;

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.history");
    /** Runs keep the start of a message only; the full text is in the status file and in the events. */
    static final int RUN_MESSAGE_LIMIT = 500;

    private static final Comparator<HistoryEvent> NEWEST_FIRST = Comparator.comparing(HistoryEvent::time)
            .reversed().thenComparing(HistoryEvent::id);

    private final Path folder;
    private final Path publicFolder;
    private final ZoneId zone;
    private final String salt;
    private final int maxRuns;
    private final int maxEvents;
    private final int recentLimit;
    /** At open, only each journal's last this many runs are read (a one-shot run's store); 0 for every run. */
    private final int tailRuns;
    private final Duration keepSpans;
    /** How many span lines each journal held after its last rewrite: they do not count toward the next one. */
    private final Map<String, Integer> spanLines = new ConcurrentHashMap<>();
    private final Map<String, ServiceHistory> histories = new ConcurrentHashMap<>();
    private final Map<String, Integer> journalLines = new ConcurrentHashMap<>();
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    /** Each journal's size after this store last wrote or read it: another size means another process appended. */
    private final Map<String, Long> journalSizes = new ConcurrentHashMap<>();
    /** Services whose journal lacks lines a failed write (a full disk) left in memory only. */
    private final Set<String> behind = ConcurrentHashMap.newKeySet();
    private final WriteFailures failures;
    private final TreeSet<HistoryEvent> recent = new TreeSet<>(NEWEST_FIRST);

    /** What was last written to a public file: the history's version and event count, and when. */
    private record Published(long version, long events, Instant at) {
    }

    private HistoryStore(Path folder, Path publicFolder, Clock clock, String salt, int maxRuns, int maxEvents,
            int recentLimit, int tailRuns, Duration keepSpans) {
        this.tailRuns = tailRuns;
        this.keepSpans = keepSpans;
        this.folder = folder;
        this.publicFolder = publicFolder;
        this.zone = clock.getZone();
        this.failures = new WriteFailures(LOG, clock);
        this.salt = salt;
        this.maxRuns = maxRuns;
        this.maxEvents = maxEvents;
        this.recentLimit = recentLimit;
    }

    /**
     * Opens the store in {@code folder} (created when missing) and reads every journal in it.
     *
     * @param salt the monitor's identity (its base URL, else its instance root), mixed into every event id
     * @param recentLimit how many events, across services, {@link #recentEvents()} keeps (the feed's size)
     */
    public static HistoryStore open(Path folder, Path publicFolder, ZoneId zone, String salt, int maxRuns,
            int maxEvents, int recentLimit) {
        return open(folder, publicFolder, Clock.system(zone), salt, maxRuns, maxEvents, recentLimit);
    }

    /** Like the other {@code open}; dates are written in {@code clock}'s zone, which also times the failure log. */
    public static HistoryStore open(Path folder, Path publicFolder, Clock clock, String salt, int maxRuns,
            int maxEvents, int recentLimit) {
        return open(folder, publicFolder, clock, salt, maxRuns, maxEvents, recentLimit, 0, Duration.ofDays(62));
    }

    /** @param keepSpans how long each service's {@link Span spans} are kept ({@code history-keep}) */
    public static HistoryStore open(Path folder, Path publicFolder, Clock clock, String salt, int maxRuns,
            int maxEvents, int recentLimit, Duration keepSpans) {
        return open(folder, publicFolder, clock, salt, maxRuns, maxEvents, recentLimit, 0, keepSpans);
    }

    /**
     * Like {@link #open(Path, Path, Clock, String, int, int, int)}, for a one-shot run ({@code monitor run-promise},
     * a cron line), which records a service or a few and renders the index: every journal's events are read, but only
     * its last {@code tailRuns} runs (what the index shows); the other runs of a service are read when they are
     * asked for or before anything is added to its history. A journal holds up to twice {@code history-runs} lines,
     * and parsing all of them for every service was most of such a run's time.
     */
    public static HistoryStore openLastRuns(Path folder, Path publicFolder, Clock clock, String salt, int maxRuns,
            int maxEvents, int recentLimit, int tailRuns) {
        return openLastRuns(folder, publicFolder, clock, salt, maxRuns, maxEvents, recentLimit, tailRuns,
                Duration.ofDays(62));
    }

    /** Like the other {@code openLastRuns}, keeping {@link Span spans} for {@code keepSpans}. */
    public static HistoryStore openLastRuns(Path folder, Path publicFolder, Clock clock, String salt, int maxRuns,
            int maxEvents, int recentLimit, int tailRuns, Duration keepSpans) {
        if (tailRuns < 1) {
            throw new IllegalArgumentException("tailRuns " + tailRuns + ": must be 1 or more");
        }
        return open(folder, publicFolder, clock, salt, maxRuns, maxEvents, recentLimit, tailRuns, keepSpans);
    }

    private static HistoryStore open(Path folder, Path publicFolder, Clock clock, String salt, int maxRuns,
            int maxEvents, int recentLimit, int tailRuns, Duration keepSpans) {
        HistoryStore store = new HistoryStore(folder, publicFolder, clock, salt, maxRuns, maxEvents, recentLimit,
                tailRuns, keepSpans);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the history folder " + folder + ": " + e.getMessage(), e);
        }
        store.loadAll();
        return store;
    }

    public Path journal(String service) {
        return folder.resolve(checkName(service) + JOURNAL_SUFFIX);
    }

    public Path publicFile(String service) {
        return publicFolder.resolve(checkName(service) + PUBLIC_SUFFIX);
    }

    public Path actionInbox() {
        return actionInbox(folder);
    }

    /** See {@link MonitorConfig#actionInbox}. */
    public static Path actionInbox(Path historyFolder) {
        return MonitorConfig.actionInbox(historyFolder);
    }

    /** Where a run outside the executor ({@code monitor run-promise}) says which service's journal it appended to. */
    static Path recordedInbox(Path historyFolder) {
        return historyFolder.resolve("recorded");
    }

    /**
     * Tells the executor's store, through a file in {@link #recordedInbox}, that this process appended to the
     * journal of {@code service}, so that it reads it again ({@link #takeRecordedElsewhere}) and its feeds and pages
     * show the result without waiting for the service's next run.
     */
    public void announce(String service) {
        Path marker = recordedInbox(folder).resolve(checkName(service));
        try {
            Files.createDirectories(marker.getParent());
            Files.write(marker, new byte[0]);
        } catch (IOException e) {
            // The executor still finds the lines at the service's next run, when it sees the journal grew.
            failures.failed("recorded", marker.toString(), "cannot be written: " + e.getMessage());
        }
    }

    /** Reads again the journals other processes announced; returns their services. */
    public List<String> takeRecordedElsewhere() {
        List<Path> markers = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(recordedInbox(folder))) {
            dir.forEach(markers::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            failures.failed("recorded", recordedInbox(folder).toString(), "cannot be listed: " + e.getMessage());
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Path marker : markers) {
            String service = marker.getFileName().toString();
            try {
                Files.deleteIfExists(marker);
                reload(historyOf(service));
                out.add(service);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot take in " + marker + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The services with a history, removed ones included until they are purged. */
    public Set<String> services() {
        return new TreeSet<>(histories.keySet());
    }

    public Optional<ServiceHistory> history(String service) {
        return Optional.ofNullable(histories.get(service));
    }

    /**
     * Records one run; when the status changed (or this is the service's first result), also an event, which is
     * returned.
     */
    public Optional<HistoryEvent> recordRun(ServiceStatus current, boolean statusChanged, Optional<Status> previous) {
        String service = current.id();
        ServiceHistory history = historyOf(service);
        RunEntry run = new RunEntry(current.startDate().toInstant(), current.status(),
                cut(current.message(), RUN_MESSAGE_LIMIT), current.executionTime(), current.quieting().silenced());
        long validUntil = current.validUntil() == null ? Span.UNTIL_NEXT_RUN
                : current.validUntil().toInstant().toEpochMilli();
        HistoryEvent event = null;
        if (statusChanged) {
            Instant at = current.changeDate().toInstant();
            event = new HistoryEvent(HistoryEvent.makeId(salt, service, HistoryEvent.Kind.CHANGE, current.status(),
                    previous.orElse(null), at, current.message()), service, current.title(),
                    HistoryEvent.Kind.CHANGE, current.status(), previous.orElse(null), current.message(), at);
        }
        synchronized (history) {
            history.complete();
            readAppendedElsewhere(history);
            history.title(current.title());
            List<String> lines = new ArrayList<>(2);
            lines.add(runLine(run, validUntil));
            history.add(run, validUntil);
            if (event != null) {
                lines.add(eventLine(event));
                history.add(event);
            }
            append(history, lines);
        }
        if (event != null) {
            remember(event);
        }
        return Optional.ofNullable(event);
    }

    /**
     * Records a change of status told after the fact (at the end of a maintenance window or of flapping: the
     * status now against the one before it), as an event.
     */
    public HistoryEvent recordChange(String service, String title, Status status, Status previous, String message,
            Instant at) {
        ServiceHistory history = historyOf(service);
        HistoryEvent event;
        synchronized (history) {
            readAppendedElsewhere(history);
            String t = title == null || title.isEmpty() ? history.title() : title;
            event = new HistoryEvent(HistoryEvent.makeId(salt, service, HistoryEvent.Kind.CHANGE, status, previous,
                    at, message), service, t, HistoryEvent.Kind.CHANGE, status, previous, message, at);
            history.add(event);
            append(history, List.of(eventLine(event)));
        }
        remember(event);
        return event;
    }

    /** Records what a watchdog did to {@code service} (a signal sent, a report uploaded), as an event. */
    public HistoryEvent recordAction(String service, String title, Status status, String message, Instant at) {
        ServiceHistory history = historyOf(service);
        HistoryEvent event;
        synchronized (history) {
            history.complete();
            readAppendedElsewhere(history);
            String t = title == null || title.isEmpty() ? history.title() : title;
            event = new HistoryEvent(HistoryEvent.makeId(salt, service, HistoryEvent.Kind.ACTION, status, null, at,
                    message), service, t, HistoryEvent.Kind.ACTION, status, null, message, at);
            history.add(event);
            append(history, List.of(eventLine(event)));
        }
        remember(event);
        return event;
    }

    /**
     * Turns the files dropped in {@link #actionInbox()} into action events, then deletes them. A file that is not
     * an action ({@code service} and {@code message} strings, optional ISO-8601 {@code date}) is logged and removed.
     */
    public List<HistoryEvent> ingestActions(Instant now) {
        List<HistoryEvent> out = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(actionInbox(), "*.json")) {
            dir.forEach(files::add);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot list " + actionInbox() + ": " + e.getMessage());
            return out;
        }
        files.sort(null);
        for (Path file : files) {
            try {
                Map<String, Object> root = Json.readObject(Files.readString(file, StandardCharsets.UTF_8));
                String service = Json.text(root, "service");
                String message = Json.text(root, "message");
                if (service == null || message == null) {
                    throw new IllegalArgumentException("needs the strings \"service\" and \"message\"");
                }
                checkName(service);
                String date = Json.text(root, "date");
                Instant at = date == null ? now : IsoTimes.offsetDateTime(date).toInstant();
                out.add(recordAction(service, Json.text(root, "title"), null, message, at));
            } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                LOG.log(System.Logger.Level.WARNING, "action file " + file + " ignored: " + e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove " + file + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** The newest events across services, newest first, at most the feed's size. */
    public List<HistoryEvent> recentEvents() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /**
     * Writes {@code public/<service>.history.json} when the history changed since the last write and either an
     * event happened since or {@code interval} has passed. Returns whether it wrote.
     */
    public boolean publish(String service, Instant now, Duration interval) {
        ServiceHistory history = histories.get(service);
        if (history == null) {
            return false;
        }
        Published last = published.get(service);
        long version = history.version();
        if (last != null && last.version == version) {
            return false;
        }
        long events = history.eventsAdded();
        boolean eventSince = last == null || last.events != events;
        if (last != null && !eventSince && Duration.between(last.at, now).compareTo(interval) < 0) {
            return false;
        }
        try {
            AtomicFiles.writeIfChanged(publicFile(service), publicJson(history));
        } catch (UncheckedIOException e) {
            // Left unpublished: the next render tries again, and the journal holds every run meanwhile.
            failures.failed("public history", publicFile(service).toString(), "cannot be written: "
                    + e.getCause().getMessage());
            return false;
        }
        published.put(service, new Published(version, events, now));
        return true;
    }

    /**
     * Forgets services that are not in {@code known} and whose journal was last written more than {@code keep}
     * ago: their journal and public history are deleted. Returns the services forgotten.
     */
    public List<String> purgeRemoved(Set<String> known, Instant now, Duration keep) {
        List<String> purged = new ArrayList<>();
        for (String service : services()) {
            if (known.contains(service)) {
                continue;
            }
            Path journal = journal(service);
            try {
                Instant written = Files.exists(journal) ? Files.getLastModifiedTime(journal).toInstant() : Instant.MIN;
                if (Duration.between(written, now).compareTo(keep) <= 0) {
                    continue;
                }
                Files.deleteIfExists(journal);
                Files.deleteIfExists(publicFile(service));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, service + ": cannot purge its history: " + e.getMessage());
                continue;
            }
            histories.remove(service);
            journalLines.remove(service);
            spanLines.remove(service);
            journalSizes.remove(service);
            behind.remove(service);
            published.remove(service);
            synchronized (recent) {
                recent.removeIf(e -> e.service().equals(service));
            }
            purged.add(service);
        }
        return purged;
    }

    /** The public JSON of one history: runs and events, newest first. */
    public String publicJson(ServiceHistory history) {
        return Json.write(g -> {
            g.startObject()
                    .field("id", history.service())
                    .field("title", history.title())
                    .startArray("changes");
            List<HistoryEvent> events = history.events();
            for (int i = events.size() - 1; i >= 0; i--) {
                HistoryEvent e = events.get(i);
                g.startObject()
                        .field("id", e.id())
                        .field("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .field("date", date(e.time()))
                        .field("status", e.status() == null ? null : e.status().name())
                        .field("previous-status", e.previous() == null ? null : e.previous().name())
                        .field("message", e.message())
                        .endObject();
            }
            g.endArray().startArray("runs");
            List<RunEntry> runs = history.runs();
            for (int i = runs.size() - 1; i >= 0; i--) {
                RunEntry r = runs.get(i);
                g.startObject()
                        .field("date", date(r.time()))
                        .field("status", r.status().name())
                        .field("message", r.message())
                        .field("execution-time", BigDecimal.valueOf(r.executionTime().toMillis(), 3));
                if (r.silenced()) {
                    g.field("silenced", true);
                }
                g.endObject();
            }
            g.endArray();
            // SlapOS's shape of the same runs, oldest first, for its web app: {"date": <epoch>, "data": [...]}
            g.field("date", runs.isEmpty() ? 0 : runs.get(0).time().getEpochSecond()).startArray("data");
            for (RunEntry r : runs) {
                g.startObject()
                        .field("status", r.status().name())
                        .field("message", r.message())
                        .field("start-date", IsoTimes.formatLocal(r.time()) /* SlapOS's %Y-%m-%dT%H:%M:%S, UTC */)
                        .field("execution-time", BigDecimal.valueOf(r.executionTime().toMillis(), 3))
                        .endObject();
            }
            g.endArray().endObject();
        });
    }

    private String date(Instant t) {
        return IsoTimes.format(t, zone);
    }

    private ServiceHistory historyOf(String service) {
        checkName(service);
        return histories.computeIfAbsent(service, s -> new ServiceHistory(s, maxRuns, maxEvents, keepSpans));
    }

    private void remember(HistoryEvent event) {
        synchronized (recent) {
            recent.add(event);
            while (recent.size() > recentLimit) {
                recent.pollLast();
            }
        }
    }

    /** Appends, or rewrites the journal whole when it has grown to twice what is kept. Call with the history locked. */
    private void append(ServiceHistory history, List<String> lines) {
        String service = history.service();
        Path journal = journal(service);
        int count = journalLines.getOrDefault(service, 0) + lines.size();
        try {
            if (count >= 2 * (maxRuns + maxEvents) + spanLines.getOrDefault(service, 0)
                    || behind.contains(service)) {
                // After a failed write, only a rewrite from memory puts back what the journal lacks (and cuts any
                // half-written line off).
                compact(history);
                behind.remove(service);
                return;
            }
            // one array, not Files.write(lines), whose writer and encoder buffers were 24 KB of garbage a run
            StringBuilder text = new StringBuilder(128 * lines.size());
            for (String line : lines) {
                text.append(line).append('\n');
            }
            Files.write(journal, text.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            journalLines.put(service, count);
            journalSizes.put(service, Files.size(journal));
        } catch (IOException | UncheckedIOException e) {
            behind.add(service);
            journalSizes.remove(service);
            failures.failed("history", journal.toString(), "cannot be written: " + message(e));
        }
    }

    private static String message(Exception e) {
        return e instanceof UncheckedIOException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    }

    /**
     * Reads the journal again when another process ({@code monitor run-promise}) appended to it since this store
     * last wrote or read it. Call with the history locked; runs of one service never overlap (its lock), so the
     * other process is done writing.
     */
    private void readAppendedElsewhere(ServiceHistory history) {
        Long known = journalSizes.get(history.service());
        if (known == null || behind.contains(history.service())) {
            return;
        }
        try {
            if (Files.size(journal(history.service())) != known) {
                reload(history);
            }
        } catch (IOException e) {
            // gone or unreadable: what is in memory is all there is
        }
    }

    private void reload(ServiceHistory history) throws IOException {
        synchronized (history) {
            history.clear();
            behind.remove(history.service());
            load(history.service(), journal(history.service()), 0);
        }
    }

    private void compact(ServiceHistory history) {
        StringBuilder text = new StringBuilder();
        int lines = 0;
        // The spans up to the first run kept: read back, that run and the later ones extend them again.
        List<RunEntry> runs = history.runs();
        long firstRun = runs.isEmpty() ? Long.MAX_VALUE : runs.get(0).time().toEpochMilli();
        int spans = 0;
        for (Span span : history.spans()) {
            if (span.from() >= firstRun) {
                break;
            }
            text.append(spanLine(span.withTo(Math.min(span.to(), firstRun)))).append('\n');
            lines++;
            spans++;
        }
        spanLines.put(history.service(), spans);
        for (HistoryEvent e : history.events()) {
            text.append(eventLine(e)).append('\n');
            lines++;
        }
        List<Span> all = history.spans();
        for (RunEntry r : runs) {
            text.append(runLine(r, validUntil(all, r))).append('\n');
            lines++;
        }
        AtomicFiles.write(journal(history.service()), text.toString());
        journalLines.put(history.service(), lines);
        try {
            journalSizes.put(history.service(), Files.size(journal(history.service())));
        } catch (IOException e) {
            journalSizes.remove(history.service());
        }
    }

    private void loadAll() {
        List<Path> journals = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*" + JOURNAL_SUFFIX)) {
            dir.forEach(journals::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        for (Path journal : journals) {
            String name = journal.getFileName().toString();
            String service = name.substring(0, name.length() - JOURNAL_SUFFIX.length());
            try {
                load(service, journal, tailRuns);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, service + ": history unreadable, starting afresh: "
                        + e.getMessage());
            }
        }
    }

    /** The start of every run line and of every event line this store writes (see runLine and eventLine). */
    private static final String RUN_START = "{\"run\":";
    private static final String EVENT_START = "{\"event\":";
    private static final String SPAN_START = "{\"span\":";

    /**
     * Reads {@code journal} into the history of {@code service}: every line, or with {@code tailRuns} above 0, every
     * event but only the last {@code tailRuns} runs, the others left for {@link ServiceHistory#complete}. A journal
     * with a line of another shape is read whole.
     */
    private void load(String service, Path journal, int tailRuns) throws IOException {
        ServiceHistory history = historyOf(service);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(journal);
        } catch (NoSuchFileException e) {
            journalLines.put(service, 0);
            return;
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        int spans = 0;
        for (String line : lines) {
            spans += line.startsWith(SPAN_START) ? 1 : 0;
        }
        spanLines.put(service, spans);
        boolean tail = tailRuns > 0;
        for (int i = 0; tail && i < lines.length; i++) {
            String line = lines[i];
            tail = line.isBlank() || line.startsWith(RUN_START) || line.startsWith(EVENT_START)
                    || line.startsWith(SPAN_START);
        }
        if (!tail) {
            for (int i = 0; i < lines.length; i++) {
                parse(history, lines[i], i + 1);
            }
        } else {
            int runsLeft = tailRuns;
            int firstRun = lines.length;
            RunEntry[] last = new RunEntry[lines.length];
            long[] valid = new long[lines.length];
            // the last runs, counted from the end: a line cut short by a crash does not count
            for (int i = lines.length - 1; i >= 0 && runsLeft > 0; i--) {
                if (lines[i].startsWith(RUN_START)) {
                    firstRun = i;
                    last[i] = parseRun(lines[i], i + 1, service);
                    valid[i] = validUntil(lines[i]);
                    if (last[i] != null) {
                        runsLeft--;
                    }
                }
            }
            boolean cut = false;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith(EVENT_START) || lines[i].startsWith(SPAN_START)) {
                    parse(history, lines[i], i + 1);
                } else if (i >= firstRun && last[i] != null) {
                    history.add(last[i], valid[i]);
                } else if (i < firstRun && lines[i].startsWith(RUN_START)) {
                    cut = true;
                    // uptime needs every run's status and validity: read without parsing the line whole
                    spanOf(history, lines[i]);
                }
            }
            if (cut) {
                history.loadedLastRunsOnly(() -> {
                    try {
                        reload(history);
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.WARNING, service + ": cannot read its history again: "
                                + e.getMessage());
                    }
                });
            }
        }
        journalLines.put(service, lines.length);
        journalSizes.put(service, (long) bytes.length);
    }

    /** Adds line {@code number} of a journal to {@code history}; a line that cannot be read is skipped, and said. */
    private void parse(ServiceHistory history, String line, int number) {
        if (line.isBlank()) {
            return;
        }
        String service = history.service();
        try {
            Map<String, Object> node = Json.readObject(line);
            if (node.containsKey("run")) {
                String v = Json.text(node, "v");
                history.add(run(node), v == null ? Span.UNTIL_NEXT_RUN : IsoTimes.instant(v).toEpochMilli());
            } else if (node.containsKey("span")) {
                String to = Json.text(node, "to");
                history.addSpan(new Span(IsoTimes.instant(Json.text(node, "span")).toEpochMilli(),
                        to == null ? Span.UNTIL_NEXT_RUN : IsoTimes.instant(to).toEpochMilli(),
                        Status.valueOf(Json.text(node, "s")), Boolean.TRUE.equals(node.get("silenced"))));
            } else if (node.containsKey("event")) {
                HistoryEvent e = new HistoryEvent(Json.text(node, "event"), service, Json.text(node, "title"),
                        HistoryEvent.Kind.valueOf(Json.text(node, "k")), status(node, "s"),
                        status(node, "p"), orEmpty(node.get("m")), IsoTimes.instant(Json.text(node, "t")));
                history.add(e);
                remember(e);
            }
        } catch (Json.Invalid | RuntimeException e) {
            // A line cut short by a crash or power loss: the rest of the journal is still good.
            LOG.log(System.Logger.Level.WARNING, service + ": history line " + number + " skipped: " + e);
        }
    }

    /** Extends the spans of {@code history} by a run line this store wrote, read by its fixed shape; skipped if odd. */
    private static void spanOf(ServiceHistory history, String runLine) {
        try {
            int end = runLine.indexOf('"', RUN_START.length() + 1);
            Instant t = IsoTimes.instant(runLine.substring(RUN_START.length() + 1, end));
            int s = runLine.indexOf("\"s\":\"", end) + 5;
            Status status = Status.valueOf(runLine.substring(s, runLine.indexOf('"', s)));
            history.addSpanOnly(t, status, runLine.endsWith(",\"silenced\":true}"), validUntil(runLine));
        } catch (RuntimeException e) {
            // a line cut short: the full read, if ever asked for, says so
        }
    }

    /** The {@code v} (valid-until) of a run line, found without parsing it again; unknown when absent. */
    private static long validUntil(String runLine) {
        int at = runLine.indexOf("\"v\":\"");
        if (at < 0) {
            return Span.UNTIL_NEXT_RUN;
        }
        int end = runLine.indexOf('"', at + 5);
        try {
            return IsoTimes.instant(runLine.substring(at + 5, end)).toEpochMilli();
        } catch (RuntimeException e) {
            return Span.UNTIL_NEXT_RUN;
        }
    }

    /** The run of line {@code number}, a run line; null, and said, when it cannot be read. */
    private static RunEntry parseRun(String line, int number, String service) {
        try {
            return run(Json.readObject(line));
        } catch (Json.Invalid | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, service + ": history line " + number + " skipped: " + e);
            return null;
        }
    }

    private static RunEntry run(Map<String, Object> node) {
        return new RunEntry(IsoTimes.instant(Json.text(node, "run")), Status.valueOf(Json.text(node, "s")),
                orEmpty(node.get("m")), Duration.ofMillis(node.get("x") instanceof Number x ? x.longValue() : 0),
                Boolean.TRUE.equals(node.get("silenced")));
    }

    private static Status status(Map<String, Object> node, String key) {
        String s = Json.text(node, key);
        return s == null ? null : Status.valueOf(s);
    }

    /** A message as the journal holds it: text, or another value's text, or "" when missing or null. */
    private static String orEmpty(Object value) {
        return value == null ? "" : value instanceof String s ? s : String.valueOf(value);
    }

    private static String runLine(RunEntry r, long validUntil) {
        // the shape spanOf and validUntil(String) read without parsing: run first, silenced last
        return Json.line(Json.object().put("run", r.time().toString()).put("s", r.status().name())
                .put("m", r.message()).put("x", r.executionTime().toMillis())
                .putIfPresent("v", validUntil == Span.UNTIL_NEXT_RUN ? null : Instant.ofEpochMilli(validUntil).toString())
                .putIfPresent("silenced", r.silenced() ? Boolean.TRUE : null));
    }

    private static String spanLine(Span span) {
        return Json.line(Json.object().put("span", Instant.ofEpochMilli(span.from()).toString())
                .putIfPresent("to", span.to() == Span.UNTIL_NEXT_RUN ? null : Instant.ofEpochMilli(span.to()).toString())
                .put("s", span.status().name()).putIfPresent("silenced", span.silenced() ? Boolean.TRUE : null));
    }

    /**
     * A kept run's validity, for rewriting its line: the end of the span holding it when the run is that span's
     * last (else the next run of the span ends it as well as any validity would).
     */
    private static long validUntil(List<Span> spans, RunEntry r) {
        long t = r.time().toEpochMilli();
        for (int i = spans.size() - 1; i >= 0; i--) {
            Span s = spans.get(i);
            if (s.from() <= t) {
                return s.to();
            }
        }
        return Span.UNTIL_NEXT_RUN;
    }

    private static String eventLine(HistoryEvent e) {
        return Json.line(Json.object().put("event", e.id()).put("k", e.kind().name()).put("t", e.time().toString())
                .putIfPresent("s", e.status() == null ? null : e.status().name())
                .putIfPresent("p", e.previous() == null ? null : e.previous().name())
                .put("title", e.title()).put("m", e.message()));
    }

    /** The start of {@code text}, at most {@code limit} characters with "...", never splitting a surrogate pair. */
    public static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }

    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("service name '" + name + "': must be a file name without '/',"
                    + " control characters, '.' or '..'");
        }
        return name;
    }
}
