package io.promisemonitor.core.alert;

import io.promisemonitor.core.io.Rounds;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Sends the monitor's alerts to Alertmanager once a minute: every alert that fires is (re-)sent, every alert that
 * fired at the last round and no longer does is sent once more with {@code endsAt} now, so Alertmanager resolves
 * it. What was sent is kept in a state file ({@code <state-folder>/alerts.json}), so a restart (or the next cron minute) still
 * resolves what an earlier process raised. A resolution a member did not take is sent again for up to
 * {@link #RESOLVE_RETRY}. Rounds run on a thread of their own, one at a time: an unreachable Alertmanager delays
 * the next round, never a promise run.
 */
public final class AlertLoop implements AutoCloseable {

    static final Duration RESOLVE_RETRY = Duration.ofMinutes(10);
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.alert");
    private final AlertmanagerClient client;
    private final Path stateFile;
    private final Clock clock;
    private final Function<Instant, List<Alert>> firing;
    private final Rounds rounds = new Rounds("alertmanager", INTERVAL, this::round, LOG);

    /**
     * @param stateFile where the alerts sent are kept between rounds and processes
     * @param firing the alerts that fire at an instant; the loop works out the resolved ones
     */
    public AlertLoop(AlertmanagerClient client, Path stateFile, Clock clock, Function<Instant, List<Alert>> firing) {
        this.client = client;
        this.stateFile = stateFile;
        this.clock = clock;
        this.firing = firing;
    }

    /** Starts a round now and one a minute after each. */
    public void start() {
        rounds.start();
    }

    /** One round: sends what fires and what was resolved since the last round. */
    public synchronized void round() {
        Instant now = clock.instant();
        Map<String, Sent> before = readState();
        List<Alert> current = firing.apply(now);
        Map<String, Sent> after = new LinkedHashMap<>();
        List<Alert> toSend = new ArrayList<>(current);
        for (Alert a : current) {
            after.put(a.key(), new Sent(a, null));
        }
        for (Map.Entry<String, Sent> e : before.entrySet()) {
            if (after.containsKey(e.getKey())) {
                continue;
            }
            Sent old = e.getValue();
            Instant resolvedAt = old.resolvedAt() == null ? now : old.resolvedAt();
            if (Duration.between(resolvedAt, now).compareTo(RESOLVE_RETRY) <= 0) {
                Alert resolved = old.alert().endingAt(resolvedAt);
                toSend.add(resolved);
                after.put(e.getKey(), new Sent(resolved, resolvedAt));
            }
        }
        if (toSend.isEmpty()) {
            writeState(after);
            return;
        }
        Map<URI, String> failed = client.post(toSend);
        for (Map.Entry<URI, String> f : failed.entrySet()) {
            LOG.log(System.Logger.Level.WARNING, "alerts: Alertmanager " + f.getKey() + " did not take "
                    + toSend.size() + " alert(s): " + f.getValue() + "; sent again in a minute");
        }
        if (failed.isEmpty()) {
            // Every member took the resolutions: nothing left to resolve.
            after.values().removeIf(s -> s.resolvedAt() != null);
        }
        writeState(after);
    }

    @Override
    public synchronized void close() {
        rounds.close();
    }

    /** An alert as last sent, and when it was resolved (null while it fires). */
    record Sent(Alert alert, Instant resolvedAt) {
    }

    private Map<String, Sent> readState() {
        Map<String, Sent> state = new LinkedHashMap<>();
        Object root;
        try {
            root = Json.read(Files.readString(stateFile));
        } catch (NoSuchFileException e) {
            return state;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "alerts: " + stateFile + " is unreadable (" + e.getMessage()
                    + "); it is written anew, and alerts it held are not resolved by this monitor");
            return state;
        }
        for (Object element : Json.asArray(root)) {
            Map<String, Object> n = Json.asObject(element);
            if (n == null) {
                continue;
            }
            try {
                Alert a = new Alert(strings(n.get("labels")), strings(n.get("annotations")),
                        Instant.parse(String.valueOf(n.get("startsAt"))), Instant.parse(String.valueOf(n.get("endsAt"))),
                        n.get("generatorURL") != null ? Optional.of(URI.create(String.valueOf(n.get("generatorURL"))))
                                : Optional.empty());
                Instant resolvedAt = n.get("resolvedAt") != null ? Instant.parse(String.valueOf(n.get("resolvedAt")))
                        : null;
                state.put(a.key(), new Sent(a, resolvedAt));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                // one damaged entry does not lose the others
            }
        }
        return state;
    }

    private static TreeMap<String, String> strings(Object node) {
        TreeMap<String, String> map = new TreeMap<>();
        Map<String, Object> object = Json.asObject(node);
        if (object != null) {
            for (Map.Entry<String, Object> e : object.entrySet()) {
                map.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        return map;
    }

    private void writeState(Map<String, Sent> state) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Sent s : state.values()) {
            Map<String, Object> one = AlertmanagerClient.fields(s.alert());
            if (s.resolvedAt() != null) {
                one.put("resolvedAt", s.resolvedAt().toString());
            }
            list.add(one);
        }
        try {
            if (list.isEmpty() && !Files.exists(stateFile)) {
                return;
            }
            AtomicFiles.writeIfChanged(stateFile, Json.write(list));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "alerts: cannot write " + stateFile + ": " + e.getMessage());
        }
    }
}
