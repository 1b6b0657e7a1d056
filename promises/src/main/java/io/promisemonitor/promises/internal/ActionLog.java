package io.promisemonitor.promises.internal;

import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.promise.PromiseContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the dashboard what a watchdog did (a signal sent, a report uploaded, a process killed), so that it shows in
 * the service's history and feed: one JSON file dropped into the history's action inbox,
 * {@code <state>/history/actions/}, which the dashboard reads within a second (HistoryStore.ingestActions).
 *
 * <p>Why a file and not a call on the Dashboard: a built-in is made by the ServiceLoader and sees only its
 * PromiseContext, and the same built-in also runs where no Dashboard exists ({@code monitor run-promise},
 * {@code monitor check}, a rerun through the spool). The inbox works in every case, across processes, and an action
 * taken just before a crash is still told at the next start.
 */
public final class ActionLog {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private ActionLog() {
    }

    /**
     * Drops {@code message} as an action of the context's service; returns why it could not, if so (no instance
     * configuration: a {@code monitor check} outside an instance).
     */
    public static Optional<String> record(PromiseContext context, String message) {
        Path root = context.instanceRoot();
        if (!Files.isRegularFile(InstanceConfig.monitorConfFile(root))) {
            return Optional.of("not in the history: no " + InstanceConfig.monitorConfFile(root));
        }
        try {
            // the Dashboard's HistoryStore reads <state>/history/actions/
            Path inbox = MonitorConfig.actionInbox(InstanceConfig.loadMonitor(root).historyFolder());
            Instant at = context.clock().instant();
            // sorted by name when read: time, then order within this JVM
            String name = String.format(Locale.ROOT, "%015d-%012d-%s.json", at.toEpochMilli(),
                    SEQUENCE.incrementAndGet(), context.serviceName());
            AtomicFiles.write(inbox.resolve(name), "{\"service\": " + json(context.serviceName()) + ", \"message\": "
                    + json(message) + ", \"date\": " + json(at.toString()) + "}\n");
            return Optional.empty();
        } catch (ConfigException | java.io.UncheckedIOException e) {
            return Optional.of("not in the history: " + e.getMessage());
        }
    }

    /** A JSON string literal. */
    public static String json(String s) {
        return Json.quote(s);
    }
}
