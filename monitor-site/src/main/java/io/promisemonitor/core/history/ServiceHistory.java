package io.promisemonitor.core.history;

import io.promisemonitor.core.promise.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The bounded history of one service, in memory: its last runs and its last events (changes and actions), oldest
 * first. Thread-safe; every read returns a copy.
 */
public final class ServiceHistory {

    private final String service;
    private final int maxRuns;
    private final int maxEvents;
    private final ArrayDeque<RunEntry> runs = new ArrayDeque<>();
    private final ArrayDeque<HistoryEvent> events = new ArrayDeque<>();
    private String title;
    private long version;
    private long eventsAdded;
    /** Reads the rest of the runs, while only the last ones are loaded (a one-shot run's store); null after. */
    private Runnable rest;

    ServiceHistory(String service, int maxRuns, int maxEvents) {
        this.service = service;
        this.maxRuns = maxRuns;
        this.maxEvents = maxEvents;
        this.title = service;
    }

    public String service() {
        return service;
    }

    public synchronized String title() {
        return title;
    }

    /** Bumped by every addition: a writer compares it with the one it last wrote. */
    public synchronized long version() {
        return version;
    }

    /** How many events were ever added (not only kept). */
    public synchronized long eventsAdded() {
        return eventsAdded;
    }

    synchronized void title(String newTitle) {
        if (newTitle != null && !newTitle.isEmpty()) {
            title = newTitle;
        }
    }

    synchronized void add(RunEntry run) {
        RunEntry last = runs.peekLast();
        if (last != null && last.message().equals(run.message()) && last.message() != run.message()) {
            // Most runs say what the one before said: share the string instead of keeping a thousand copies.
            run = new RunEntry(run.time(), run.status(), last.message(), run.executionTime());
        }
        runs.addLast(run);
        while (runs.size() > maxRuns) {
            runs.removeFirst();
        }
        version++;
    }

    synchronized void add(HistoryEvent event) {
        events.addLast(event);
        while (events.size() > maxEvents) {
            events.removeFirst();
        }
        title(event.title());
        version++;
        eventsAdded++;
    }

    /**
     * Says that only the last runs were loaded, and how to load the others: they are, before any run but the last
     * ones loaded is read (and the store loads them before it adds to the history).
     */
    synchronized void loadedLastRunsOnly(Runnable rest) {
        this.rest = rest;
    }

    /** Loads the runs that were left out, if any ({@link #loadedLastRunsOnly}). */
    synchronized void complete() {
        Runnable r = rest;
        if (r != null) {
            rest = null;
            r.run();
        }
    }

    /** Forgets every run and event, before the journal is read again; counts as a change for the publisher. */
    synchronized void clear() {
        rest = null;
        runs.clear();
        events.clear();
        version++;
        eventsAdded++;
    }

    /** Every run kept, oldest first. */
    public synchronized List<RunEntry> runs() {
        complete();
        return new ArrayList<>(runs);
    }

    /** The last {@code n} runs, oldest first. */
    public synchronized List<RunEntry> lastRuns(int n) {
        if (n > runs.size()) {
            complete();
        }
        // from the end: with a thousand runs kept, the strip wants twenty
        RunEntry[] last = new RunEntry[Math.min(n, runs.size())];
        Iterator<RunEntry> it = runs.descendingIterator();
        for (int i = last.length - 1; i >= 0; i--) {
            last[i] = it.next();
        }
        return new ArrayList<>(Arrays.asList(last));
    }

    /** Every event kept, oldest first. */
    public synchronized List<HistoryEvent> events() {
        return new ArrayList<>(events);
    }

    synchronized int size() {
        complete();
        return runs.size() + events.size();
    }

    /**
     * The share of {@code window} before {@code now} this service spent up (OK or WARNING: it works, with a
     * warning), from its status changes; only the part of the window the history covers counts. NaN when the
     * history covers none of it.
     */
    public synchronized double uptime(Instant now, Duration window) {
        // in epoch milliseconds: every row of the index asks this at every render
        long to = now.toEpochMilli();
        long from = to - window.toMillis();
        long observed = 0;
        long up = 0;
        HistoryEvent current = null;
        for (HistoryEvent e : events) {
            if (e.kind() != HistoryEvent.Kind.CHANGE) {
                continue;
            }
            if (current != null) {
                long part = overlap(current.time().toEpochMilli(), e.time().toEpochMilli(), from, to);
                observed += part;
                up += isUp(current.status()) ? part : 0;
            }
            current = e;
        }
        if (current != null) {
            long part = overlap(current.time().toEpochMilli(), to, from, to);
            observed += part;
            up += isUp(current.status()) ? part : 0;
        }
        return observed == 0 ? Double.NaN : (double) up / observed;
    }

    private static boolean isUp(Status status) {
        return status == Status.OK || status == Status.WARNING;
    }

    private static long overlap(long start, long end, long from, long to) {
        long a = Math.max(start, from);
        long b = Math.min(end, to);
        return Math.max(0, b - a);
    }
}
