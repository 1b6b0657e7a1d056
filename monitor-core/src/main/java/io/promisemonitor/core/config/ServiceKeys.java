package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.schedule.Schedule;
import io.promisemonitor.core.schedule.Schedules;
import java.nio.file.Path;
import java.time.Duration;
import io.promisemonitor.core.schedule.MaintenanceWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every key of {@code etc/monitor-promise/<name>.cfg} section {@code [service]}. Add a feature's keys here. */
public final class ServiceKeys {

    public static final KeyRegistry REGISTRY = new KeyRegistry("<service>.cfg", "service");

    static final int MAX_CONFIRMATIONS = 100;
    static final int MAX_FLAP_LIMIT = 1000;
    static final int MAX_WINDOWS = 100;

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

    public static final ConfigKey<List<MaintenanceWindow>> MAINTENANCE = REGISTRY.register("maintenance", "(none)",
            "Recurring maintenance windows, one a line: <cron> for <duration> (0 3 * * 0 for 2h); while one lasts,"
                    + " results are recorded but not notified nor alerted",
            (e, c) -> windows(e), c -> List.of());
    public static final ConfigKey<List<String>> DEPENDS_ON = REGISTRY.register("depends-on", "(none)",
            "Services of this monitor it depends on, separated by spaces or lines; its failures while one of them"
                    + " fails are not notified nor alerted",
            (e, c) -> dependencies(e, c), c -> List.of());
    public static final ConfigKey<Integer> FAILURES_BEFORE_BAD = REGISTRY.register("failures-before-bad", "1",
            "Bad results in a row that change an OK status", (e, c) -> Values.wholeNumber(Values.single(e), 1,
                    MAX_CONFIRMATIONS), c -> 1);
    public static final ConfigKey<Integer> SUCCESSES_BEFORE_OK = REGISTRY.register("successes-before-ok", "1",
            "OK results in a row that change a bad status back to OK", (e, c) -> Values.wholeNumber(
                    Values.single(e), 1, MAX_CONFIRMATIONS), c -> 1);
    public static final ConfigKey<Integer> FLAP_LIMIT = REGISTRY.register("flap-limit", "0 (off)",
            "Confirmed changes within an hour above which the service is flapping (notified once, then its changes"
                    + " are not notified until it settles); 0 turns this off",
            (e, c) -> Values.wholeNumber(Values.single(e), 0, MAX_FLAP_LIMIT), c -> 0);

    private ServiceKeys() {
    }

    /** What {@link #MAINTENANCE} and the rest read, together. */
    static ChangeRules changeRules(Settings s) {
        return new ChangeRules(s.get(MAINTENANCE), s.get(DEPENDS_ON), s.get(FAILURES_BEFORE_BAD),
                s.get(SUCCESSES_BEFORE_OK), s.get(FLAP_LIMIT));
    }

    private static List<MaintenanceWindow> windows(IniFile.Entry e) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        // a JSON string literal (SlapOS's json.dumps) is one line of the file holding every window
        List<String> lines = e.isJsonLiteral() ? e.items() : e.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = e.isJsonLiteral() ? e.line() : e.line() + i;
            if (line.isBlank()) {
                continue;
            }
            if (windows.size() == MAX_WINDOWS) {
                throw new BadLine(lineNumber, "has more than " + MAX_WINDOWS + " windows; allowed: up to "
                        + MAX_WINDOWS);
            }
            try {
                windows.add(MaintenanceWindow.parse(line, Durations::parse));
            } catch (IllegalArgumentException bad) {
                throw new BadLine(lineNumber, bad.getMessage());
            }
        }
        return windows;
    }

    private static List<String> dependencies(IniFile.Entry e, ConfigKey.Context c) {
        List<String> names = new ArrayList<>();
        for (String name : Values.words(e)) {
            if (name.equals(c.serviceName())) {
                throw new IllegalArgumentException("'" + name + "' is this service itself; allowed: other services"
                        + " of this monitor");
            }
            if (!InstanceConfig.SERVICE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a service name; allowed: letters, digits,"
                        + " '.', '_' and '-', starting with a letter or digit");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
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
