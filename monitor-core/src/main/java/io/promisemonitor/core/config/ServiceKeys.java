package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.schedule.Schedule;
import io.promisemonitor.core.schedule.Schedules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Every key of {@code etc/monitor-promise/<name>.cfg} section {@code [service]}. Add a feature's keys here. */
public final class ServiceKeys {

    public static final KeyRegistry REGISTRY = new KeyRegistry("<service>.cfg", "service");

    public static final ConfigKey<String> TITLE = REGISTRY.register("title", "the service name",
            "Title shown on the dashboard and in the feed", (e, c) -> Values.single(e), c -> c.serviceName());
    public static final ConfigKey<Schedule> FREQUENCY = REGISTRY.register("frequency", "* * * * *",
            "When it runs: 5-field cron (minute hour day-of-month month day-of-week) or @hourly, @daily...",
            (e, c) -> Schedules.cron(Values.single(e)), c -> Schedules.cron("* * * * *"));
    public static final ConfigKey<List<Path>> PUBLIC_PATH_LIST = REGISTRY.register("public-path-list", "(none)",
            "Files and folders linked under public/<service>/, separated by spaces or lines",
            (e, c) -> Values.pathList(e, c.instanceRoot()), c -> List.of());
    public static final ConfigKey<List<Path>> PRIVATE_PATH_LIST = REGISTRY.register("private-path-list", "(none)",
            "Files and folders linked under private/<service>/, separated by spaces or lines",
            (e, c) -> Values.pathList(e, c.instanceRoot()), c -> List.of());
    public static final ConfigKey<Duration> TIMEOUT = REGISTRY.register("timeout", "20s",
            "Longest a run may take; then its whole process group is killed and the status is ERROR",
            (e, c) -> timeout(Values.single(e)), c -> Duration.ofSeconds(20));
    public static final ConfigKey<OutputMode> OUTPUT = REGISTRY.register("output", "auto",
            "How output is read: auto (SlapOS JSON, else Nagios plugin), json, or nagios",
            (e, c) -> outputMode(Values.single(e)), c -> OutputMode.AUTO);
    public static final ConfigKey<List<String>> COMMAND = REGISTRY.register("command",
            "(the executable <name> beside the .cfg)",
            "Command to run instead, split with shell quoting rules and run without a shell; $instance expands",
            (e, c) -> command(e, c), c -> null);
    public static final ConfigKey<String> PROMISE = REGISTRY.register("promise", "(none)",
            "A built-in promise to run in the executor, its options in a [promise] section",
            (e, c) -> Values.single(e).strip(), c -> null);

    private ServiceKeys() {
    }

    private static Duration timeout(String raw) {
        Duration d = Durations.parse(raw);
        if (d.isZero()) {
            throw new IllegalArgumentException("'0s' is not allowed; allowed: a duration above zero, such as 20s");
        }
        if (d.compareTo(Durations.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("'" + raw + "' is too long; allowed: from 1ms to "
                    + Durations.format(Durations.MAX_TIMEOUT));
        }
        return d;
    }

    private static OutputMode outputMode(String raw) {
        try {
            return OutputMode.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + raw + "' is not allowed; allowed: auto, json or nagios");
        }
    }

    private static List<String> command(IniFile.Entry e, ConfigKey.Context c) {
        String line = Values.expand(String.join(" ", e.items()), c.instanceRoot());
        List<String> argv = ShellWords.split(line);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("is empty; allowed: a program and its arguments");
        }
        return argv;
    }
}
