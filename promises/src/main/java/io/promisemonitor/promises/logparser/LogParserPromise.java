package io.promisemonitor.promises.logparser;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.internal.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code promise = log-parser}: counts the new lines of log files that match a pattern (seed 004's KVM log
 * parser). Each run reads only what was appended since the last one, remembering per file its offset, inode and
 * first bytes in the promise's state folder; a rotated file's unread tail is read once (found as {@code <file>.1}
 * or by inode or content in the same folder), then the new file from its start; a truncated file is read again from
 * its start. The matching lines of the run are written to {@code var/log/<service>-last-report.csv}.
 *
 * <p>With {@code window}, the count is of lines seen within that time, the time being when a run saw them: log
 * lines' own timestamps come in too many formats to be read reliably, and a monitor running every few minutes
 * sees lines within minutes of their writing.
 */
public final class LogParserPromise implements DocumentedProvider {

    /** How many matching lines of one run the report keeps (the last ones). */
    static final int REPORT_ROWS = 1000;
    static final int REPORT_LINE_CHARS = 1000;
    static final int MESSAGE_LINE_CHARS = 200;
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    @Override
    public String name() {
        return "log-parser";
    }

    @Override
    public String description() {
        return "counts new log lines matching a pattern, incrementally, across rotations";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("file", "(required)", "Log files, one a line (repeat `--file`); globs allowed"
                        + " (`var/log/*.log`, `**` for subfolders); relative ones are from the instance root"),
                new OptionDoc("pattern", "(required)", "Java regexes, one a line; a line matching any of them"
                        + " counts"),
                new OptionDoc("ignore-pattern", "(none)", "Java regexes, one a line; a line matching any of them does"
                        + " not count"),
                new OptionDoc("warning", "(none)", "This many matching lines or more make WARNING"),
                new OptionDoc("critical", "1, or none when `warning` is set", "This many matching lines or more"
                        + " make ERROR"),
                new OptionDoc("window", "since the last run", "Count the lines seen within this long (`1h`), kept"
                        + " across runs, instead of those appended since the last run"));
    }

    @Override
    public Promise create(PromiseOptions options) {
        List<String> files = options.items("file");
        if (files.isEmpty()) {
            throw new OptionException(options.source() + ": option 'file' is required; allowed: one or more paths or"
                    + " globs, such as var/log/kvm.log or var/log/*.log");
        }
        List<String> patternTexts = options.items("pattern");
        if (patternTexts.isEmpty()) {
            throw new OptionException(options.source() + ": option 'pattern' is required; allowed: one or more Java"
                    + " regular expressions, such as ERROR|FATAL");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String p : patternTexts) {
            patterns.add(options.regex("pattern", p));
        }
        List<Pattern> ignores = new ArrayList<>();
        for (String p : options.items("ignore-pattern")) {
            ignores.add(options.regex("ignore-pattern", p));
        }
        long warning = options.count("warning", 0, 1, 1_000_000_000);
        long critical = options.count("critical", warning > 0 ? 0 : 1, 1, 1_000_000_000);
        if (warning > 0 && critical > 0 && critical < warning) {
            throw new OptionException(options.source() + ": option 'critical' (" + critical + ") is below option"
                    + " 'warning' (" + warning + "); allowed: critical at least warning");
        }
        Duration window = null;
        if (options.get("window").isPresent()) {
            window = options.duration("window", null);
            if (window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
                throw options.bad("window", options.get("window").get(), "a duration from 1s to 366d, such"
                        + " as 1h");
            }
        }
        Optional<List<String>> literals = Literals.required(patternTexts);
        Settings settings = new Settings(files, patterns, ignores, literals, warning, critical, window);
        return context -> new Run(settings, context).check();
    }

    record Settings(List<String> files, List<Pattern> patterns, List<Pattern> ignores,
            Optional<List<String>> literals, long warning, long critical, Duration window) {
    }

    /** One check: reads the state, scans, writes state and report. */
    private static final class Run {

        private final Settings settings;
        private final PromiseContext context;
        private final Instant now;
        private final LineScanner scanner;
        private final List<String> problems = new ArrayList<>();
        private final Deque<String[]> rows = new ArrayDeque<>();
        /** Rotated files read this run, by inode, with where their reading ended. */
        private final Map<String, LogState.Position> continued = new HashMap<>();
        private LogState state;
        private final LogState next = new LogState();
        private long matches;
        private long bytesRead;
        private int filesRead;
        private String lastLine;
        private String lastFile;

        Run(Settings settings, PromiseContext context) {
            this.settings = settings;
            this.context = context;
            this.now = context.clock().instant();
            this.scanner = new LineScanner(settings.patterns(), settings.ignores(), settings.literals());
        }

        PromiseResult check() throws InterruptedException {
            Path stateFolder = context.stateFolder();
            state = LogState.read(stateFolder);
            Set<Path> current = files();
            // Files with a past position first, so a rotated file is read as a tail before a glob could see it new.
            for (Map.Entry<Path, LogState.Position> e : state.positions.entrySet()) {
                Path path = e.getKey();
                if (current.contains(path)) {
                    scan(path, e.getValue());
                } else if (!Files.exists(path)) {
                    readPrevious(path, e.getValue()); // rotated away and not (yet) recreated
                }
            }
            for (Path path : current) {
                if (!state.positions.containsKey(path)) {
                    scan(path, null);
                }
            }
            return finish(stateFolder);
        }

        /** The files to read now; missing literal paths and empty globs become problems. */
        private Set<Path> files() {
            Set<Path> found = new LinkedHashSet<>();
            for (String item : settings.files()) {
                Path path = Values.resolve(context.instanceRoot(), item);
                if (LogFiles.isGlob(item)) {
                    try {
                        List<Path> matched = LogFiles.expand(path);
                        if (matched.isEmpty()) {
                            problems.add(item + ": no file matches");
                        }
                        found.addAll(matched);
                    } catch (IOException e) {
                        problems.add(item + ": " + Values.why(e));
                    }
                } else {
                    String not = LogFiles.notAFile(path);
                    if (not != null) {
                        problems.add(item + ": " + not);
                    } else {
                        found.add(path);
                    }
                }
            }
            return found;
        }

        private void scan(Path path, LogState.Position previous) throws InterruptedException {
            try (FileChannel channel = FileChannel.open(path)) {
                String key = LogFiles.key(path);
                long size = channel.size();
                long from = 0;
                boolean counted = false;
                if (previous != null) {
                    if (key.equals(previous.key()) && size >= previous.offset()
                            && LogFiles.headMatches(channel, previous)) {
                        from = previous.offset();
                        counted = previous.pendingCounted();
                    } else {
                        readPrevious(path, previous);
                    }
                } else if (continued.containsKey(key)) {
                    // A rotated file whose tail was just read, now also matched by a glob: go on from there.
                    from = Math.min(continued.get(key).offset(), size);
                    counted = continued.get(key).pendingCounted();
                }
                LineScanner.Outcome outcome = scanner.scan(channel, from, size, counted, sink(path));
                bytesRead += outcome.bytesRead();
                filesRead++;
                int headLength = (int) Math.min(LogFiles.HEAD, outcome.end());
                next.positions.put(path, new LogState.Position(key, outcome.end(), outcome.pendingCounted(),
                        headLength, LogFiles.headCrc(channel, headLength)));
            } catch (IOException e) {
                problems.add(display(path) + ": " + Values.why(e));
            }
        }

        /** Reads the unread tail of a file that was rotated or truncated, when it can be found. */
        private void readPrevious(Path path, LogState.Position previous) throws InterruptedException {
            Path old = LogFiles.previous(path, previous);
            if (old == null) {
                return;
            }
            try (FileChannel channel = FileChannel.open(old)) {
                long size = channel.size();
                LineScanner.Outcome outcome = scanner.scan(channel, previous.offset(), size,
                        previous.pendingCounted(), sink(old));
                bytesRead += outcome.bytesRead();
                continued.put(LogFiles.key(old), new LogState.Position("", outcome.end(), outcome.pendingCounted(),
                        0, 0));
            } catch (IOException e) {
                problems.add(display(old) + ": " + Values.why(e));
            }
        }

        private LineScanner.Sink sink(Path path) {
            String name = display(path);
            return (offset, line) -> {
                matches++;
                lastLine = line;
                lastFile = name;
                if (rows.size() == REPORT_ROWS) {
                    rows.removeFirst();
                }
                rows.addLast(new String[] {name, Long.toString(offset), Values.cut(line, REPORT_LINE_CHARS)});
            };
        }

        private String display(Path path) {
            Path root = context.instanceRoot();
            return path.startsWith(root) && !path.equals(root) ? root.relativize(path).toString() : path.toString();
        }

        private PromiseResult finish(Path stateFolder) {
            next.lastLine = lastLine != null ? Values.cut(lastLine, REPORT_LINE_CHARS) : state.lastLine;
            next.lastFile = lastLine != null ? lastFile : state.lastFile;
            long count = matches;
            Duration window = settings.window();
            if (window != null) {
                Instant since = now.minus(window);
                for (LogState.Run r : state.runs) {
                    if (r.time().isAfter(since) && !r.time().isAfter(now)) {
                        next.runs.add(r);
                    }
                }
                if (matches > 0) {
                    next.runs.add(new LogState.Run(now.truncatedTo(ChronoUnit.SECONDS), matches));
                }
                count = next.runs.stream().mapToLong(LogState.Run::matches).sum();
            }
            next.write(stateFolder);
            String reportProblem = writeReport();

            Status status = Status.OK;
            if (settings.critical() > 0 && count >= settings.critical()) {
                status = Status.ERROR;
            } else if (settings.warning() > 0 && count >= settings.warning()) {
                status = Status.WARNING;
            }
            List<String> parts = new ArrayList<>(problems);
            if (!problems.isEmpty()) {
                status = Status.ERROR;
            }
            if (filesRead > 0 || matches > 0 || problems.isEmpty()) {
                parts.add(summary(count));
            }
            if (reportProblem != null) {
                parts.add(reportProblem);
            }
            List<Perfdata> perfdata = List.of(
                    new Perfdata("matches", count, "", settings.warning() > 0 ? Long.toString(settings.warning())
                            : null, settings.critical() > 0 ? Long.toString(settings.critical()) : null, "0", null),
                    new Perfdata("read", bytesRead, "B", null, null, "0", null));
            return PromiseResult.of(status, String.join("; ", parts)).withPerfdata(perfdata);
        }

        private String summary(long count) {
            String where = settings.files().size() == 1 && !LogFiles.isGlob(settings.files().get(0))
                    ? settings.files().get(0) : filesRead + (filesRead == 1 ? " file" : " files");
            String lines = count == 1 ? " matching line" : " matching lines";
            String text;
            if (settings.window() != null) {
                text = count + lines + " in the last " + Durations.format(settings.window()) + " in " + where;
            } else {
                text = count == 0 ? "no new matching line in " + where : count + " new" + lines + " in " + where;
            }
            if (count > 0 && next.lastLine != null) {
                boolean manyFiles = !where.equals(settings.files().get(0));
                text += "; last" + (manyFiles ? " (" + next.lastFile + ")" : "") + ": "
                        + Values.cut(next.lastLine, MESSAGE_LINE_CHARS);
            }
            return text;
        }

        /** Writes the report; returns a problem to add to the message, or null. */
        private String writeReport() {
            Path report = context.instanceRoot().resolve("var/log").resolve(context.serviceName()
                    + "-last-report.csv");
            StringBuilder csv = new StringBuilder("time,file,offset,line\n");
            String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
            for (String[] row : rows) {
                csv.append(time).append(',').append(csvField(row[0])).append(',').append(row[1]).append(',')
                        .append(csvField(row[2])).append('\n');
            }
            try {
                AtomicFiles.writeIfChanged(report, csv.toString());
                return null;
            } catch (UncheckedIOException e) {
                return "cannot write the report " + display(report) + ": " + Values.why(e.getCause());
            }
        }

        private static String csvField(String text) {
            boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0;
            return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
        }
    }
}
