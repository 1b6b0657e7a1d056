package io.promisemonitor.promises.pagekite;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.config.ShellWords;
import io.promisemonitor.core.promise.Sizes;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.internal.ActionLog;
import io.promisemonitor.promises.internal.Proc;
import io.promisemonitor.promises.internal.Signals;
import io.promisemonitor.promises.internal.Values;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code promise = pagekite}: PageKite's watchdog (seed 000). Fetches {@code https://<kite>/}; the relay's "kite
 * unavailable" answer is ERROR, and after {@code failures} of them in a row, never more often than
 * {@code min-action-interval}, the watchdog acts: an optional command that turns verbose logging on, then a signal
 * to the PID in {@code pid-file} (SIGSEGV by default, for a core dump) or a restart command, then a crash report
 * (scrubbed log tails, gzipped; uploaded only when {@code report-url} is set; at most one per
 * {@code report-interval}). No answer at all (DNS, connect, TLS, timeout) blames the network: WARNING, nothing
 * done, the failure count left as it was. Every action is in the message and in the service's history and feed.
 */
public final class PageKitePromise implements DocumentedProvider {

    static final String DEFAULT_RC = "/etc/pagekite.d/10_account.rc";
    static final String DEFAULT_RC_SEED = "/etc/pagekite.d/10_accounts.rc";
    private static final Pattern KITENAME = Pattern.compile("^\\s*kitename\\s*=\\s*(\\S+)\\s*$");
    private static final Pattern KITE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:\\d{1,5})?");

    @Override
    public String name() {
        return "pagekite";
    }

    @Override
    public String description() {
        return "PageKite watchdog: is the kite flying? If not, signals or restarts pagekite and sends a crash report";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("kite", "from `rc-file`", "The kite's name; `https://<kite>/` is fetched"),
                new OptionDoc("rc-file", DEFAULT_RC + ", " + DEFAULT_RC_SEED, "PageKite rc files to read"
                        + " `kitename = ...` from when `kite` is not set, one a line; the first naming a kite wins"),
                new OptionDoc("relay-url", "`https://<kite>/`", "The URL to fetch instead (tests, odd set-ups)"),
                new OptionDoc("timeout", "10s", "Longest wait for the relay's answer; longer is a network failure"),
                new OptionDoc("failures", "3", "Kite-down answers in a row before acting"),
                new OptionDoc("min-action-interval", "1h", "Never act again sooner than this after an action"),
                new OptionDoc("pid-file", "/var/run/pagekite.pid", "File holding pagekite's PID, to signal"),
                new OptionDoc("process-match", "pagekite", "Java regex the signalled process's command line must"
                        + " contain, so a stale PID file never gets another process signalled"),
                new OptionDoc("signal", "SEGV", "Signal sent (SEGV leaves a core dump): " + String.join(", ",
                        new TreeSet<>(Signals.NAMES))),
                new OptionDoc("restart-command", "(none)", "Command run instead of the signal (shell words, no"
                        + " shell), such as `systemctl restart pagekite`"),
                new OptionDoc("verbose-command", "(none)", "Command run before the action that turns verbose"
                        + " logging on, so a second occurrence leaves logs"),
                new OptionDoc("command-timeout", "30s", "Longest run of either command"),
                new OptionDoc("log", "(none)", "Log files for the crash report, one a line; a glob in the last part"
                        + " (`/var/log/pagekite/*.log`)"),
                new OptionDoc("report-size", "256KiB", "How much of the end of each log goes in the report"),
                new OptionDoc("report-url", "(none: no upload)", "URL the gzipped report is POSTed to"
                        + " (multipart/form-data, field `report`); without it the report is only kept in the state"
                        + " folder"),
                new OptionDoc("report-interval", "7d", "At most one crash report per this long, kept across"
                        + " restarts"),
                new OptionDoc("core-dump", "(none)", "Core dump files (globs allowed) to upload with the report,"
                        + " only with `include-core-dumps`"),
                new OptionDoc("include-core-dumps", "no", "Upload core dumps: they may hold passwords and user"
                        + " data; never done unless set to yes"));
    }

    record Settings(String kite, List<String> rcFiles, URI relayUrl, Duration timeout, int failures,
            Duration minActionInterval, String pidFile, Pattern processMatch, String signal,
            List<String> restartCommand, List<String> verboseCommand, Duration commandTimeout, List<String> logs,
            long reportSize, URI reportUrl, Duration reportInterval, List<String> coreDumps,
            boolean includeCoreDumps) {
    }

    @Override
    public Promise create(PromiseOptions o) {
        String kite = o.get("kite").map(String::strip).orElse(null);
        if (kite != null && !KITE.matcher(kite).matches()) {
            throw o.bad("kite", kite, "a host name such as shop.pagekite.me");
        }
        List<String> rc = o.items("rc-file");
        if (rc.isEmpty()) {
            rc = List.of(DEFAULT_RC, DEFAULT_RC_SEED);
        }
        URI relay = o.get("relay-url").map(u -> url(o, "relay-url", u)).orElse(null);
        String signal = o.get("signal").orElse("SEGV").strip().toUpperCase(Locale.ROOT);
        if (signal.startsWith("SIG")) {
            signal = signal.substring(3);
        }
        if (!Signals.NAMES.contains(signal)) {
            throw o.bad("signal", o.get("signal").get(), String.join(", ", new TreeSet<>(Signals.NAMES)));
        }
        long reportSize;
        String rawSize = o.get("report-size").orElse("256KiB");
        try {
            reportSize = Sizes.parse(rawSize);
        } catch (IllegalArgumentException e) {
            throw o.bad("report-size", rawSize, "a size such as 256KiB or 1MiB");
        }
        if (reportSize < 1 || reportSize > 64L << 20) {
            throw o.bad("report-size", rawSize, "from 1B to 64MiB");
        }
        boolean cores = o.bool("include-core-dumps", false);
        Settings s = new Settings(kite, rc, relay, positive(o, "timeout", "10s"),
                (int) o.count("failures", 3, 1, 1000), o.duration("min-action-interval", Duration.ofHours(1)),
                o.get("pid-file").orElse("/var/run/pagekite.pid"),
                o.regex("process-match", o.get("process-match").orElse("pagekite")), signal,
                command(o, "restart-command"), command(o, "verbose-command"), positive(o, "command-timeout", "30s"),
                o.items("log"), reportSize,
                o.get("report-url").map(u -> url(o, "report-url", u)).orElse(null),
                o.duration("report-interval", Duration.ofDays(7)), o.items("core-dump"), cores);
        return context -> new Run(s, context).check();
    }

    private static Duration positive(PromiseOptions o, String name, String fallback) {
        Duration d = o.duration(name, Durations.parse(fallback));
        if (d.isZero()) {
            throw o.bad(name, o.get(name).orElse(fallback), "a duration of at least 1ms, such as "
                    + fallback);
        }
        return d;
    }

    private static URI url(PromiseOptions o, String name, String raw) {
        try {
            URI u = new URI(raw.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw o.bad(name, raw, "an http:// or https:// URL with a host");
    }

    private static List<String> command(PromiseOptions o, String name) {
        Optional<String> raw = o.get(name);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return List.of();
        }
        try {
            return ShellWords.split(raw.get());
        } catch (IllegalArgumentException e) {
            throw new OptionException(o.source() + ": option '" + name + "': " + e.getMessage());
        }
    }

    /** One check: probe, count, maybe act, remember. */
    private static final class Run {
        private final Settings s;
        private final PromiseContext context;
        private final Path root;
        private final List<String> unrecorded = new ArrayList<>();

        Run(Settings s, PromiseContext context) {
            this.s = s;
            this.context = context;
            this.root = context.instanceRoot();
        }

        PromiseResult check() throws IOException, InterruptedException {
            Optional<String> kiteName = kiteName();
            if (kiteName.isEmpty() && s.relayUrl() == null) {
                return PromiseResult.error("no kite name: set option 'kite', or 'kitename = ...' in "
                        + String.join(" or ", s.rcFiles()) + " (none names a kite)");
            }
            URI url = s.relayUrl() != null ? s.relayUrl() : URI.create("https://" + kiteName.get() + "/");
            String kite = kiteName.orElse(url.getHost());
            Path folder = context.stateFolder();
            WatchdogState state = WatchdogState.load(folder);
            KiteProbe.Probe probe = KiteProbe.probe(url, s.timeout());
            Instant now = context.clock().instant();
            switch (probe.verdict()) {
                case NETWORK:
                    return PromiseResult.warning("network down, PageKite not blamed: " + probe.text()
                            + "; kite failures in a row stay at " + state.failures + " of " + s.failures());
                case FLYING:
                    state.failures = 0;
                    state.save(folder);
                    return PromiseResult.ok("kite " + kite + " is flying: " + probe.text());
                case DOWN_BE:
                    state.failures = 0;
                    state.save(folder);
                    return PromiseResult.warning("kite " + kite + " is flying but the server behind it does not"
                            + " answer, not a PageKite problem: " + probe.text());
                default:
                    break;
            }
            state.failures++;
            String head = "kite " + kite + " is not flying: " + probe.text();
            if (state.failures < s.failures()) {
                state.save(folder);
                return PromiseResult.error(head + " (failure " + state.failures + " of " + s.failures()
                        + " before action)");
            }
            if (state.lastAction != null && now.isBefore(state.lastAction.plus(s.minActionInterval()))) {
                state.save(folder);
                return PromiseResult.error(head + " (" + state.failures + " in a row; no action before "
                        + time(state.lastAction.plus(s.minActionInterval())) + ": min-action-interval "
                        + Durations.format(s.minActionInterval()) + ", the last at " + time(state.lastAction) + ")");
            }
            // Remembered before acting: a check cut short by its timeout must not act again at the next run.
            int failures = state.failures;
            state.failures = 0;
            state.lastAction = now;
            state.lastActionText = "acting";
            state.save(folder);
            List<String> done = act(kite, head, failures, state, now);
            state.lastActionText = String.join("; ", done);
            state.save(folder);
            String message = head + " (" + failures + " in a row): " + String.join("; ", done);
            if (!unrecorded.isEmpty()) {
                message += " (" + unrecorded.get(0) + ")";
            }
            return PromiseResult.error(message);
        }

        private List<String> act(String kite, String head, int failures, WatchdogState state, Instant now)
                throws InterruptedException {
            List<String> done = new ArrayList<>();
            if (!s.verboseCommand().isEmpty()) {
                done.add(record("verbose-command " + run(s.verboseCommand())));
            }
            if (!s.restartCommand().isEmpty()) {
                done.add(record("restart-command " + run(s.restartCommand())));
            } else {
                done.add(record(signal()));
            }
            String reason = head + " (" + failures + " in a row)";
            report(kite, reason, done, state, now).ifPresent(done::add);
            return done;
        }

        private String record(String action) {
            ActionLog.record(context, action).ifPresent(unrecorded::add);
            return action;
        }

        private Optional<String> kiteName() throws IOException {
            if (s.kite() != null) {
                return Optional.of(s.kite());
            }
            for (String rc : s.rcFiles()) {
                Path file = Values.resolve(root, rc);
                try {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        Matcher m = KITENAME.matcher(line);
                        if (m.matches() && KITE.matcher(m.group(1)).matches()) {
                            return Optional.of(m.group(1));
                        }
                    }
                } catch (NoSuchFileException e) {
                    // the next name: the seed and the original script disagree on it
                } catch (IOException e) {
                    throw new IOException(file + ": " + Values.why(e), e);
                }
            }
            return Optional.empty();
        }

        /** {@code sent SIGSEGV to pid 1234 (from /var/run/pagekite.pid)}, or why none was sent. */
        private String signal() {
            Path file = Values.resolve(root, s.pidFile());
            String content;
            try {
                content = Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                return "no signal sent: pid-file " + file + " " + Values.why(e);
            }
            if (!content.matches("\\d{1,10}")) {
                return "no signal sent: pid-file " + file + " holds '" + Values.cut(content, 40) + "', not a PID";
            }
            long pid = Long.parseLong(content);
            if (Proc.untouchable(pid)) {
                return "no signal sent: pid " + pid + " in " + file + " is PID 1, the monitor or its parent";
            }
            Optional<Proc> proc = Proc.read(pid);
            if (proc.isEmpty() || proc.get().isZombie()) {
                return "no signal sent: pid " + pid + " from " + file + " is not running";
            }
            if (!s.processMatch().matcher(proc.get().commandLine()).find()) {
                return "no signal sent: pid " + pid + " from " + file + " is '"
                        + Values.cut(proc.get().commandLine(), 80) + "', which does not match process-match '"
                        + s.processMatch().pattern() + "' (a stale PID file?)";
            }
            Optional<String> failed = Signals.send(pid, s.signal());
            return failed.map(f -> "no signal sent: " + f)
                    .orElse("sent SIG" + s.signal() + " to pid " + pid + " (from " + file + ")");
        }

        /** {@code (exit 0)}, {@code failed (exit 3: last line of output)}, {@code timed out after 30s}. */
        private String run(List<String> argv) throws InterruptedException {
            Path log = context.stateFolder().resolve("command-output.log");
            Process p;
            try {
                p = new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                                "/dev/null"))).start();
            } catch (IOException e) {
                return "could not start: " + Values.cut(String.valueOf(e.getMessage()), 200);
            }
            // Not killed with its process group when it ends: a restart command may leave the new daemon running.
            if (!p.waitFor(s.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "timed out after " + Durations.format(s.commandTimeout());
            }
            int code = p.exitValue();
            if (code == 0) {
                return "ran (exit 0)";
            }
            String last = "";
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                last = lines.isEmpty() ? "" : ": " + Values.cut(lines.get(lines.size() - 1), 200);
            } catch (IOException e) {
                // the exit code says enough
            }
            return "failed (exit " + code + last + ")";
        }

        private Optional<String> report(String kite, String reason, List<String> done, WatchdogState state,
                Instant now) throws InterruptedException {
            if (state.lastReport != null && now.isBefore(state.lastReport.plus(s.reportInterval()))) {
                return Optional.of("no crash report: one per " + Durations.format(s.reportInterval()) + ", the last"
                        + " at " + time(state.lastReport) + ", the next from "
                        + time(state.lastReport.plus(s.reportInterval())));
            }
            List<Path> logs = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (String item : s.logs()) {
                try {
                    logs.addAll(CrashReport.expand(root, item));
                } catch (IOException e) {
                    notes.add(item + ": " + Values.why(e));
                }
            }
            String header = "PageKite watchdog crash report\nkite: " + kite + "\ntime: " + time(now) + "\nreason: "
                    + reason + "\nactions: " + String.join("; ", done) + "\n";
            CrashReport report = CrashReport.build(logs, s.reportSize(), header, now);
            notes.addAll(report.notes());
            Path kept = report.keep(context.stateFolder());
            String what = report.logs() + (report.logs() == 1 ? " log, " : " logs, ")
                    + Values.bytes(report.gzip().length) + " gzipped"
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
            String outcome;
            if (s.reportUrl() == null) {
                outcome = "crash report kept at " + kept + " (" + what + "); not uploaded: report-url is not set";
            } else {
                List<Path> cores = new ArrayList<>();
                List<String> coreNotes = new ArrayList<>();
                for (String item : s.coreDumps()) {
                    try {
                        for (Path core : CrashReport.expand(root, item)) {
                            if (!s.includeCoreDumps()) {
                                coreNotes.add("core dump " + core + " not uploaded: include-core-dumps is no");
                            } else if (Files.isRegularFile(core)) {
                                cores.add(core);
                            }
                        }
                    } catch (IOException e) {
                        coreNotes.add(item + ": " + Values.why(e));
                    }
                }
                // Counted before it starts: a receiver that answers 3xx, 5xx, late or never may still have had
                // the report, and a run cut short by its timeout must not send another one at the next action.
                Instant lastReport = state.lastReport;
                String lastReportText = state.lastReportText;
                state.lastReport = now;
                state.lastReportText = "crash report upload to " + shown(s.reportUrl()) + " started; kept at " + kept;
                state.save(context.stateFolder());
                AtomicLong sent = new AtomicLong();
                Optional<String> failed;
                try {
                    failed = report.upload(s.reportUrl(), cores, context.stateFolder(), sent);
                } finally {
                    if (sent.get() == 0) {
                        // not a byte left: the receiver has nothing, the next action may try again
                        state.lastReport = lastReport;
                        state.lastReportText = lastReportText;
                        state.save(context.stateFolder());
                    }
                }
                String coreText = (cores.isEmpty() ? "" : ", " + cores.size() + " core dump"
                        + (cores.size() == 1 ? "" : "s")) + (coreNotes.isEmpty() ? "" : "; "
                        + String.join("; ", coreNotes));
                if (failed.isPresent()) {
                    String why = "crash report upload failed: " + failed.get() + "; kept at " + kept
                            + (sent.get() == 0 ? "; nothing was sent: the next action tries again"
                                    : "; the receiver may have it: no other report before "
                                            + time(now.plus(s.reportInterval())));
                    if (sent.get() > 0) {
                        state.lastReportText = why;
                    }
                    return Optional.of(record(why));
                }
                outcome = "crash report uploaded to " + shown(s.reportUrl()) + " (" + what + coreText + ")";
            }
            state.lastReport = now;
            state.lastReportText = outcome;
            return Optional.of(record(outcome));
        }
    }

    /** The URL without user info or query, which may hold a credential: messages are public. */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
