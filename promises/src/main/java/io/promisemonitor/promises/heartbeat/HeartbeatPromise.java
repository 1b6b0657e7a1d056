package io.promisemonitor.promises.heartbeat;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.heartbeat.HeartbeatFiles;
import io.promisemonitor.core.heartbeat.Ping;
import io.promisemonitor.core.heartbeat.Pings;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.schedule.Schedule;
import io.promisemonitor.core.schedule.Schedules;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.internal.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * {@code promise = heartbeat}: a dead man's switch (seed 002, healthchecks.io's shape). A job pings
 * {@code /hb/<token>} when it succeeds ({@code /start} when it begins, {@code /fail} or {@code /<exit-code>} when
 * it ends); the web server records the pings in the service's state folder and this promise judges them: ERROR
 * when the job reported a failure or no success came within {@code period} plus {@code grace}, WARNING while a
 * started run goes on longer than {@code grace}. The token is made at the first run (or by
 * {@code monitor heartbeat-url}, which prints the URL).
 */
public final class HeartbeatPromise implements DocumentedProvider {

    static final String SINCE_FILE = "heartbeat-since";

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public String description() {
        return "a job's pings to /hb/<token> came in time and said success (a dead man's switch)";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("period", "1d", "How often the job succeeds: a duration (`1h`), or a cron expression"
                        + " (`0 3 * * *`, `@daily`) in the monitor's time zone"),
                new OptionDoc("grace", "1h", "How late a success ping may be before ERROR, and how long a started"
                        + " run may go on before WARNING; cover the job's run time"));
    }

    /** Either a fixed period after the last success, or a cron schedule's next firing after it. */
    record Period(Duration fixed, Schedule cron) {

        Instant due(Instant after, ZoneId zone) {
            return fixed != null ? after.plus(fixed) : cron.next(after.atZone(zone)).toInstant();
        }

        String text() {
            return fixed != null ? Durations.format(fixed) : "'" + cron.expression() + "'";
        }
    }

    /** The {@code period} option, for {@code monitor heartbeat-url}'s crontab line too. */
    public static Optional<Schedule> cronPeriod(PromiseOptions options) {
        return Optional.ofNullable(period(options).cron());
    }

    /** The {@code period} option when it is a duration. */
    public static Optional<Duration> fixedPeriod(PromiseOptions options) {
        return Optional.ofNullable(period(options).fixed());
    }

    static Period period(PromiseOptions options) {
        String raw = options.get("period").orElse("1d");
        try {
            Duration d = Durations.parse(raw);
            if (!d.isZero() && d.compareTo(Durations.MAX_INTERVAL) <= 0) {
                return new Period(d, null);
            }
        } catch (IllegalArgumentException e) {
            try {
                return new Period(null, Schedules.cron(raw));
            } catch (IllegalArgumentException cronProblem) {
                throw options.bad("period", raw, "a duration such as 1h or 1d, or a cron expression such"
                        + " as 0 3 * * * or @daily (as cron: " + cronProblem.getMessage() + ")");
            }
        }
        throw options.bad("period", raw, "a duration from 1s to " + Durations.format(Durations.MAX_INTERVAL)
                + ", such as 1h or 1d, or a cron expression such as 0 3 * * *");
    }

    @Override
    public Promise create(PromiseOptions options) {
        Period period = period(options);
        Duration grace = options.duration("grace", Duration.ofHours(1));
        return context -> check(context, period, grace);
    }

    static PromiseResult check(PromiseContext context, Period period, Duration grace) throws IOException {
        Instant now = context.clock().instant();
        ZoneId zone = context.clock().getZone();
        HeartbeatFiles files = HeartbeatFiles.in(context.stateFolder());
        // Made now if neither the CLI nor an earlier run made it, so that the URL works before anyone asks for it.
        files.tokenOrCreate();
        Instant since = watchSince(context.stateFolder(), now);
        Pings pings = files.pings();
        String graceText = Durations.format(grace);

        Optional<Ping> success = pings.lastSuccess();
        Optional<Ping> failure = pings.lastFailure();
        Optional<Ping> start = pings.lastStart();
        Instant lastEnd = latest(success, failure);
        boolean running = start.isPresent() && (lastEnd == null || start.get().at().isAfter(lastEnd));
        Instant reference = success.map(Ping::at).orElse(since);
        Instant due = period.due(reference, zone);
        Instant deadline = due.plus(grace);
        String successText = success.map(p -> "last success at " + time(p.at())).orElse("no success yet");
        List<Perfdata> perfdata = success.isEmpty() ? List.of() : List.of(new Perfdata("since success",
                Math.max(0, Duration.between(success.get().at(), now).toSeconds()), "s", null,
                null, "0", null));

        if (failure.isPresent() && (success.isEmpty() || failure.get().at().isAfter(success.get().at()))) {
            String more = running ? "; a new run started at " + time(start.get().at()) : "";
            return PromiseResult.error("the job reported " + describe(failure.get()) + "; " + successText + more)
                    .withPerfdata(perfdata);
        }
        if (now.isAfter(deadline)) {
            String head = success.isPresent()
                    ? "late: no success since " + time(reference) + ", due by " + time(due) + " plus grace "
                            + graceText
                    : "late: no success ping since the watch began at " + time(since) + ", the first was due by "
                            + time(due) + " plus grace " + graceText;
            String last = pings.last().filter(p -> success.isEmpty() || !p.equals(success.get()))
                    .map(p -> "; last ping: " + describe(p)).orElse("");
            return PromiseResult.error(head + last).withPerfdata(perfdata);
        }
        if (running && Duration.between(start.get().at(), now).compareTo(grace) > 0) {
            return PromiseResult.warning("a run started at " + time(start.get().at()) + " is still going after "
                    + human(Duration.between(start.get().at(), now)) + ", longer than grace " + graceText + "; "
                    + successText).withPerfdata(perfdata);
        }
        if (pings.last().isEmpty()) {
            return PromiseResult.ok("no ping yet; the first success is due by " + time(due) + " (grace "
                    + graceText + "); get the URL with: monitor heartbeat-url " + context.serviceName());
        }
        String last = "last ping: " + describe(pings.last().get());
        if (running && success.isPresent()) {
            last += "; " + successText;
        }
        return PromiseResult.ok(last + "; next success due by " + time(due) + " (grace " + graceText + ")")
                .withPerfdata(perfdata);
    }

    /** When this service was first watched: the start of the wait for a first ping. Kept across restarts. */
    private static Instant watchSince(Path folder, Instant now) throws IOException {
        Path file = folder.resolve(SINCE_FILE);
        try {
            return Instant.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException | DateTimeParseException e) {
            AtomicFiles.write(file, now + "\n");
            return now;
        }
    }

    private static Instant latest(Optional<Ping> a, Optional<Ping> b) {
        if (a.isEmpty()) {
            return b.map(Ping::at).orElse(null);
        }
        if (b.isEmpty()) {
            return a.get().at();
        }
        return a.get().at().isAfter(b.get().at()) ? a.get().at() : b.get().at();
    }

    /** {@code failure (exit code 3) at 2026-11-21T10:00:00Z: "disk full"} */
    static String describe(Ping p) {
        return p.describe() + " at " + time(p.at()) + (p.firstLine().isEmpty() ? "" : ": \"" + p.firstLine() + "\"");
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 2h 5m}, {@code 12m}, {@code 40s}: the two largest units. */
    static String human(Duration d) {
        long s = d.toSeconds();
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (seconds > 0 ? " " + seconds + "s" : "");
        }
        return seconds + "s";
    }
}
