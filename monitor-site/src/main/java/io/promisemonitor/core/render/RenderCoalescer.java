package io.promisemonitor.core.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coalesces render requests: at most one render per {@code interval} of the injected clock, however many results
 * come in, and one at once on {@link #renderNow()}. {@link #runIfDue()} is called often by a background thread
 * (and directly by tests, which move a settable clock instead of waiting). Renders never overlap.
 */
public final class RenderCoalescer {

    private final Clock clock;
    private final Duration interval;
    private final Runnable render;
    private final Object state = new Object();
    private final Object rendering = new Object();
    private final AtomicInteger renders = new AtomicInteger();
    private boolean pending;
    private Instant last;

    public RenderCoalescer(Clock clock, Duration interval, Runnable render) {
        this.clock = clock;
        this.interval = interval;
        this.render = render;
    }

    /** Asks for a render; it happens at the next {@link #runIfDue()} once {@code interval} has passed. */
    public void request() {
        synchronized (state) {
            pending = true;
        }
    }

    /** Renders when one was requested and the last one is at least {@code interval} old; returns whether it did. */
    public boolean runIfDue() {
        synchronized (state) {
            Instant now = clock.instant();
            // a last render "in the future" means the wall clock was set back: waiting for it would freeze the pages
            if (!pending || last != null && !now.isBefore(last) && now.isBefore(last.plus(interval))) {
                return false;
            }
            pending = false;
            last = now;
        }
        run();
        return true;
    }

    /** Renders now, whatever the interval; a request pending is satisfied by it. */
    public void renderNow() {
        synchronized (state) {
            pending = false;
            last = clock.instant();
        }
        run();
    }

    private void run() {
        synchronized (rendering) {
            renders.incrementAndGet();
            render.run();
        }
    }

    /** How many renders ran so far. */
    public int renders() {
        return renders.get();
    }

    public boolean pending() {
        synchronized (state) {
            return pending;
        }
    }
}
