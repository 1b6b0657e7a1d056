package io.promisemonitor.promises.watchdog;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.promise.Sizes;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.internal.ActionLog;
import io.promisemonitor.promises.internal.Proc;
import io.promisemonitor.promises.internal.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code promise = process-watchdog} (seed 003): finds processes by name or command-line regex in {@code /proc}
 * and holds them to limits: resident memory, CPU time, and validation (a process proves it is not hung by having a
 * file {@code <pid>-<start-time>} in a validation folder written within {@code validation-interval}; the first is
 * due that long after it started). Offenders are reported (ERROR), or terminated: SIGTERM, then SIGKILL after
 * {@code grace}. It never touches PID 1, the monitor or its parent, and re-reads a process's start time before
 * each signal, so a PID reused by another process is left alone.
 */
public final class ProcessWatchdogPromise implements DocumentedProvider {

    static final int MAX_SHOWN = 10;

    @Override
    public String name() {
        return "process-watchdog";
    }

    @Override
    public String description() {
        return "processes by name or command line within memory, CPU time and validation limits; report or"
                + " terminate";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("name", "(none)", "Process names, one a line: the kernel's name (comm) or argv[0]'s"
                        + " base name; `name` or `cmdline` is required"),
                new OptionDoc("cmdline", "(none)", "Java regexes found in the command line (arguments joined by"
                        + " spaces), one a line"),
                new OptionDoc("max-rss", "(none)", "Most resident memory (`1200MiB`)"),
                new OptionDoc("max-cpu-time", "(none)", "Most CPU time, user and system (`10m`)"),
                new OptionDoc("validation-folder", "(none)", "Folder of validation files `<pid>-<start time>`"
                        + " (start time: field 22 of `/proc/<pid>/stat`); setting it turns the validation limit on"),
                new OptionDoc("validation-interval", "180s", "A validation file must have been written within this"
                        + " long; the first is due this long after the process started"),
                new OptionDoc("action", "report", "`report` (ERROR naming the offenders) or `terminate` (SIGTERM,"
                        + " then SIGKILL after `grace`)"),
                new OptionDoc("grace", "10s", "Wait between SIGTERM and SIGKILL; keep it under the service's"
                        + " `timeout`"));
    }

    record Settings(List<String> names, List<Pattern> cmdlines, Long maxRss, Duration maxCpu, String validationFolder,
            Duration validationInterval, boolean terminate, Duration grace) {
    }

    @Override
    public Promise create(PromiseOptions o) {
        List<String> names = o.items("name");
        List<Pattern> cmdlines = new ArrayList<>();
        for (String r : o.items("cmdline")) {
            cmdlines.add(o.regex("cmdline", r));
        }
        if (names.isEmpty() && cmdlines.isEmpty()) {
            throw new OptionException(o.source() + ": option 'name' or 'cmdline' is required; allowed: process"
                    + " names, or Java regexes of command lines");
        }
        Long maxRss = null;
        if (o.get("max-rss").isPresent()) {
            try {
                maxRss = Sizes.parse(o.get("max-rss").get());
            } catch (IllegalArgumentException e) {
                throw o.bad("max-rss", o.get("max-rss").get(), "a size such as 1200MiB or 2GiB");
            }
        }
        Duration maxCpu = o.get("max-cpu-time").isPresent() ? o.duration("max-cpu-time", null) : null;
        String action = o.get("action").orElse("report").strip().toLowerCase(Locale.ROOT);
        if (!action.equals("report") && !action.equals("terminate")) {
            throw o.bad("action", o.get("action").get(), "report or terminate");
        }
        Duration interval = o.duration("validation-interval", Duration.ofSeconds(180));
        if (interval.isZero()) {
            throw o.bad("validation-interval", o.get("validation-interval").get(), "a duration of at least"
                    + " 1s, such as 180s");
        }
        String folder = o.get("validation-folder").orElse(null);
        if (maxRss == null && maxCpu == null && folder == null) {
            throw new OptionException(o.source() + ": no limit set; allowed: max-rss, max-cpu-time or"
                    + " validation-folder, one or more");
        }
        Settings s = new Settings(names, cmdlines, maxRss, maxCpu, folder, interval, action.equals("terminate"),
                o.duration("grace", Duration.ofSeconds(10), Durations.MAX_TIMEOUT));
        return context -> check(s, context);
    }

    record Offender(Proc proc, String reason) {
        String shown() {
            return "pid " + proc.pid() + " (" + Values.cut(proc.commandLine(), 80) + ")";
        }
    }

    static PromiseResult check(Settings s, PromiseContext context) throws InterruptedException {
        Instant now = context.clock().instant();
        Path folder = s.validationFolder() == null ? null : Values.resolve(context.instanceRoot(),
                s.validationFolder());
        List<Proc> matched = matching(s, Proc.all());
        List<Offender> offenders = new ArrayList<>();
        long biggest = 0;
        for (Proc p : matched) {
            OptionalLong rss = p.rssBytes();
            biggest = Math.max(biggest, rss.orElse(0));
            List<String> reasons = new ArrayList<>();
            if (s.maxRss() != null && rss.isPresent() && rss.getAsLong() > s.maxRss()) {
                reasons.add("RSS " + Values.bytes(rss.getAsLong()) + " above max-rss " + Values.bytes(s.maxRss()));
            }
            if (s.maxCpu() != null && p.cpuTime().compareTo(s.maxCpu()) > 0) {
                reasons.add("CPU time " + Durations.format(p.cpuTime()) + " above max-cpu-time "
                        + Durations.format(s.maxCpu()));
            }
            if (folder != null) {
                validation(p, folder, s.validationInterval(), now).ifPresent(reasons::add);
            }
            if (!reasons.isEmpty()) {
                offenders.add(new Offender(p, String.join(", ", reasons)));
            }
        }
        List<Perfdata> perfdata = List.of(Perfdata.of("processes", matched.size(), ""),
                new Perfdata("largest rss", biggest, "B", null, s.maxRss() == null ? null : s.maxRss().toString(),
                        "0", null));
        if (offenders.isEmpty()) {
            String text = matched.isEmpty() ? "no matching process"
                    : matched.size() + (matched.size() == 1 ? " matching process" : " matching processes")
                            + " within limits";
            return PromiseResult.ok(text).withPerfdata(perfdata);
        }
        String of = offenders.size() + " of " + matched.size() + " matching processes";
        if (!s.terminate()) {
            List<String> parts = new ArrayList<>();
            for (Offender o : offenders.subList(0, Math.min(MAX_SHOWN, offenders.size()))) {
                parts.add(o.shown() + ": " + o.reason());
            }
            return PromiseResult.error(of + " over a limit: " + String.join("; ", parts)
                    + (offenders.size() > MAX_SHOWN ? "; ..." : "")).withPerfdata(perfdata);
        }
        List<String> outcomes = Terminator.terminate(offenders, s.grace());
        boolean allEnded = true;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < offenders.size(); i++) {
            String outcome = outcomes.get(i);
            allEnded &= !outcome.startsWith("could not");
            String text = offenders.get(i).shown() + " " + outcome + " (" + offenders.get(i).reason() + ")";
            if (outcome.startsWith("terminated") || outcome.startsWith("killed")) {
                ActionLog.record(context, text);
            }
            if (i < MAX_SHOWN) {
                parts.add(text);
            }
        }
        String message = of + " over a limit: " + String.join("; ", parts)
                + (offenders.size() > MAX_SHOWN ? "; ..." : "");
        // Acted and done: worth a look, not an outage; a process that would not die is one.
        return (allEnded ? PromiseResult.warning(message) : PromiseResult.error(message)).withPerfdata(perfdata);
    }

    /** The processes this service watches: matched by name or command line, never PID 1, itself or its parent. */
    static List<Proc> matching(Settings s, List<Proc> all) {
        List<Proc> out = new ArrayList<>();
        for (Proc p : all) {
            if (Proc.untouchable(p.pid()) || p.argv().isEmpty() || p.isZombie()) {
                continue; // kernel threads and zombies cannot be helped by a signal
            }
            boolean hit = s.names().stream().anyMatch(p::named)
                    || s.cmdlines().stream().anyMatch(r -> r.matcher(p.commandLine()).find());
            if (hit) {
                out.add(p);
            }
        }
        return out;
    }

    /** Why {@code p} is not validated, if it is not. */
    static java.util.Optional<String> validation(Proc p, Path folder, Duration interval, Instant now) {
        Duration age = Duration.between(p.startTime(), now);
        if (age.compareTo(interval) <= 0) {
            return java.util.Optional.empty();
        }
        Path file = folder.resolve(p.pid() + "-" + p.startTicks());
        try {
            Instant written = Files.getLastModifiedTime(file).toInstant();
            Duration since = Duration.between(written, now);
            if (since.compareTo(interval) <= 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("last validated " + human(since) + " ago (validation-interval "
                    + Durations.format(interval) + ")");
        } catch (NoSuchFileException e) {
            return java.util.Optional.of("never validated, " + human(age) + " after its start (validation-interval "
                    + Durations.format(interval) + ")");
        } catch (IOException e) {
            return java.util.Optional.of("validation file " + file + ": " + Values.why(e));
        }
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) {
            return s / 3600 + "h" + (s % 3600 / 60 > 0 ? " " + s % 3600 / 60 + "m" : "");
        }
        if (s >= 60) {
            return s / 60 + "m" + (s % 60 > 0 ? " " + s % 60 + "s" : "");
        }
        return s + "s";
    }
}
