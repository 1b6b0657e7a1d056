package io.promisemonitor.core.io;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says what could not be written, at most once per {@link #EVERY} for each kind of file. With a full disk every run
 * fails to write the same files: a line per run would fill the log (often on that same disk) and hide everything
 * else, while one line a minute still tells the operator what is lost and that the monitor keeps running.
 */
public final class WriteFailures {

    /** How often each kind of failure is logged while it lasts. */
    public static final Duration EVERY = Duration.ofMinutes(1);

    private final System.Logger log;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        Instant loggedAt;
        int unlogged;
    }

    public WriteFailures(System.Logger log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Logs {@code "<what>: <problem>; will keep running"} unless a failure of the same {@code kind} was logged less
     * than a minute ago; the next line counts the ones left out. Returns whether it logged.
     */
    public boolean failed(String kind, String what, String problem) {
        Instant now = clock.instant();
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        int left;
        synchronized (window) {
            if (window.loggedAt != null && now.isBefore(window.loggedAt.plus(EVERY))
                    && !now.isBefore(window.loggedAt)) {
                window.unlogged++;
                return false;
            }
            window.loggedAt = now;
            left = window.unlogged;
            window.unlogged = 0;
        }
        log.log(System.Logger.Level.ERROR, what + ": " + problem + "; will keep running"
                + (left == 0 ? "" : " (" + left + " more like it in the last minute)"));
        return true;
    }
}
