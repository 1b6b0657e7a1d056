package io.promisemonitor.cli;

import io.promisemonitor.core.config.ChangeRules;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.quiet.Silence;
import io.promisemonitor.core.quiet.Silences;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "silence", mixinStandardHelpOptions = true,
        description = {"Silences services for a while (a maintenance): they still run and their status files say"
                + " silenced-until, but their changes are not notified, alerted nor put in the feeds; the start and"
                + " end are feed items, and a service whose status at the end differs from its status at the start"
                + " is notified once. Silences are kept in the state folder and end by themselves.",
            "", "Examples:", "  monitor silence web db --for 2h --reason 'moving the database'",
            "  monitor silence --all --until 22:30", "  monitor silence --list", "  monitor silence --end 3fa2c1d0"})
final class SilenceCommand implements Callable<Integer> {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

    @Mixin
    InstanceOption instance;

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "The services to silence")
    List<String> services = new ArrayList<>();

    @Option(names = "--all", description = "Silence every service, those added later included")
    boolean all;

    @Option(names = "--for", paramLabel = "DURATION", description = "How long: 30m, 2h, 1d (up to 31d)")
    String length;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Until when: 22:30 or 2026-12-04T22:30 (local time), or with an offset")
    String until;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown on the dashboard and in the feeds")
    String reason;

    @Option(names = "--list", description = "List the silences not ended yet, and the services in a maintenance"
            + " window of their .cfg now")
    boolean list;

    @Option(names = "--end", paramLabel = "ID", description = "End a silence now")
    String end;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MonitorConfig monitor = instance.monitor();
        // one instant for the whole command: a silence "for 2h" lasts exactly that from its start
        Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneId.systemDefault());
        Silences silences = Silences.of(monitor, clock);
        int modes = (list ? 1 : 0) + (end != null ? 1 : 0) + (all || !services.isEmpty() ? 1 : 0);
        if (modes != 1) {
            throw new UserError("monitor silence: give services (or --all), --list or --end ID; allowed: one of"
                    + " them", 2);
        }
        if (list) {
            List<Silence> current = silences.list();
            for (Silence s : current) {
                out.println(s.id() + "  " + (s.activeAt(clock.instant()) ? "until " : "from " + shown(s.from(), clock)
                        + " until ") + shown(s.until(), clock) + "  " + s.coverage()
                        + (s.reason().isEmpty() ? "" : "  (" + s.reason() + ")") + (s.by().isEmpty() ? ""
                        : "  set by " + s.by()));
            }
            int windows = 0;
            Map<String, ServiceConfig> services = new TreeMap<>(InstanceConfig.load(instance.root()).services());
            for (ServiceConfig service : services.values()) {
                if (service.changeRules().maintenance().isEmpty()) {
                    continue;
                }
                ChangeRules windowsOnly = new ChangeRules(service.changeRules().maintenance(), List.of(), 1, 1, 0);
                Optional<Silences.Active> now = Silences.of(monitor, clock).active("", windowsOnly, clock.instant());
                if (now.isPresent()) {
                    out.println("window    until " + shown(now.get().until(), clock) + "  " + service.name() + "  ("
                            + now.get().reason() + ")");
                    windows++;
                }
            }
            if (current.isEmpty() && windows == 0) {
                out.println("no silence set, no service in a maintenance window");
            }
            return 0;
        }
        if (end != null) {
            try {
                if (!silences.end(end)) {
                    throw new UserError("no silence '" + end + "' (ended already, or never set); monitor silence"
                            + " --list shows those set", 1);
                }
            } catch (IllegalArgumentException e) {
                throw new UserError("--end " + e.getMessage(), 2);
            }
            out.println("silence " + end + " ended; the services it covered are told again from their next run");
            return 0;
        }
        if (all && !services.isEmpty()) {
            throw new UserError("monitor silence: --all and services " + services + " given; allowed: one of them",
                    2);
        }
        TreeSet<String> known = new TreeSet<>();
        for (Path file : InstanceConfig.listServiceFiles(monitor)) {
            known.add(InstanceConfig.serviceName(file));
        }
        for (String s : services) {
            if (!known.contains(s)) {
                throw new UserError("unknown service '" + s + "'; allowed: " + (known.isEmpty() ? "none configured"
                        : String.join(", ", known)), 2);
            }
        }
        Silence silence;
        try {
            Instant endAt = Silences.endOf(length, until, clock.instant(), clock.getZone());
            silence = silences.add(all, services, endAt, reason, "cli:" + System.getProperty("user.name", "?"));
        } catch (IllegalArgumentException e) {
            throw new UserError("monitor silence: " + e.getMessage(), 2);
        }
        out.println("silence " + silence.id() + ": " + silence.coverage() + " until " + shown(silence.until(), clock)
                + (silence.reason().isEmpty() ? "" : " (" + silence.reason() + ")"));
        return 0;
    }

    private static String shown(Instant t, Clock clock) {
        return SHOWN.format(t.atZone(clock.getZone()));
    }
}
