package io.promisemonitor.core.io;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A job run in rounds on a daemon thread of its own, one at a time: a round now, then one {@code interval} after the
 * end of each. A round that throws is logged with what it is and the next one comes as usual, so a slow or failing
 * peer (an Alertmanager, a related monitor) costs the executor nothing.
 */
public final class Rounds implements AutoCloseable {

    private final String name;
    private final Duration interval;
    private final Runnable round;
    private final System.Logger log;
    private ScheduledExecutorService thread;

    /** @param name the thread's name, and what the log says a failed round was */
    public Rounds(String name, Duration interval, Runnable round, System.Logger log) {
        this.name = name;
        this.interval = interval;
        this.round = round;
        this.log = log;
    }

    /** Starts the rounds; a second call does nothing. */
    public synchronized void start() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::roundSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One round now, on the caller's thread, failing as a round of the thread does: logged. */
    public void runOnce() {
        roundSafely();
    }

    private void roundSafely() {
        try {
            round.run();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, name + ": " + e + "; will keep running", e);
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }
}
