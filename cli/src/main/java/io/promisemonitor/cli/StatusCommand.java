package io.promisemonitor.cli;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.liveness.Staleness;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.Quieting;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints a table of every service's last result, bad ones first, with how long it has been"
                + " in that state; STALE after a status older than twice its period plus its timeout; and says so"
                + " when the executor's heartbeat is old. Exits 0 when all are OK and fresh, 1 otherwise.",
            "", "Example:", "  monitor status --instance /srv/slapgrid/slappart3"})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    InstanceOption instance;

    @Option(names = "--color", description = "Colours: auto (when standard output is a terminal), always or never",
            defaultValue = "auto")
    String color;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MonitorConfig monitor = instance.monitor();
        InstanceConfig config = InstanceConfig.load(instance.root());
        StatusStore store = StatusStore.of(monitor, Clock.systemDefaultZone());
        boolean colours = color.equals("always") || color.equals("auto") && System.console() != null;
        List<String[]> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(config.services().keySet());
        names.addAll(config.broken().keySet());
        Map<String, ServiceStatus> byName = new java.util.HashMap<>();
        for (String name : names) {
            store.read(name).ifPresent(s -> byName.put(name, s));
        }
        Instant now = Instant.now();
        java.util.Set<String> stale = new java.util.HashSet<>();
        byName.forEach((name, s) -> {
            ServiceConfig service = config.services().get(name);
            if (service != null && Staleness.isStale(s, service, now)) {
                stale.add(name);
            }
        });
        // ERROR, STALE (nobody knows what it is now), UNKNOWN, WARNING, then those without a result yet, then OK:
        // the dashboard's order.
        names.sort(Comparator.comparing((String n) -> !byName.containsKey(n) ? -1
                : byName.get(n).status() == Status.ERROR ? -6 : stale.contains(n) ? -5
                : -2 * byName.get(n).status().severity()).thenComparing(n -> n));
        boolean allOk = true;
        for (String name : names) {
            ServiceStatus s = byName.get(name);
            if (s == null) {
                rows.add(new String[] {name, "PENDING", "-", "-", "no result yet"});
                allOk = false;
                continue;
            }
            allOk &= s.status() == Status.OK && !stale.contains(name);
            rows.add(new String[] {name, s.status().name() + (stale.contains(name) ? " STALE" : ""), ago(s.changeDate().toInstant(), now),
                ago(s.startDate().toInstant(), now), quieting(s.quieting()) + s.message().replace('\n', ' ')});
        }
        print(out, rows, colours);
        Optional<Instant> beat = Heartbeat.read(monitor);
        if (beat.isPresent() && Heartbeat.isOld(beat.get(), now)) {
            out.println("executor not running since " + beat.get() + " (" + ago(beat.get(), now) + ")");
            allOk = false;
        }
        return allOk ? 0 : 1;
    }

    private static void print(PrintWriter out, List<String[]> rows, boolean colours) {
        String[] header = {"SERVICE", "STATUS", "SINCE", "LAST RUN", "MESSAGE"};
        int[] width = new int[4];
        for (int i = 0; i < 4; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        out.println(line(header, width, false));
        for (String[] r : rows) {
            out.println(line(r, width, colours));
        }
    }

    private static String line(String[] r, int[] width, boolean colours) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            String cell = String.format("%-" + width[i] + "s", r[i]);
            if (i == 1 && colours) {
                cell = colour(r[1]) + cell + "\u001b[0m";
            }
            b.append(cell).append("  ");
        }
        String message = r[4].length() > 100 ? r[4].substring(0, 97) + "..." : r[4];
        return b.append(message).toString();
    }

    private static String colour(String status) {
        switch (status) {
            case "OK": return "\u001b[32m";
            case "WARNING": return "\u001b[33m";
            case "ERROR": case "ERROR STALE": return "\u001b[31m";
            case "OK STALE": case "WARNING STALE": case "UNKNOWN STALE": return "\u001b[35m";
            default: return "\u001b[35m";
        }
    }

    /** {@code [in maintenance until ...] [blocked by db] [ERROR unconfirmed 1/3] }, before the message. */
    static String quieting(Quieting q) {
        StringBuilder b = new StringBuilder();
        if (q.silenced()) {
            b.append("[in maintenance until ").append(q.silencedUntil().toInstant()).append("] ");
        }
        if (q.blocked()) {
            b.append("[blocked by ").append(String.join(", ", q.blockedBy())).append("] ");
        }
        if (q.attempt() != null) {
            b.append('[').append(q.attemptStatus()).append(" unconfirmed ").append(q.attempt()).append("] ");
        }
        if (q.flapping()) {
            b.append("[flapping] ");
        }
        return b.toString();
    }

    static String ago(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600) / 60 + "m ago";
        }
        return s / 86400 + "d" + (s % 86400) / 3600 + "h ago";
    }
}
