package io.promisemonitor.core.history;

import io.promisemonitor.core.config.UnknownAs;
import io.promisemonitor.core.liveness.ExecutorGaps;
import io.promisemonitor.core.promise.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bounded history of one service, in memory: its last runs and its last events (changes and actions), oldest
 * first. Thread-safe; every read returns a copy.
 *
 * <p>Runs are kept in a ring of plain arrays, about 21 bytes a run instead of the 84 of a RunEntry with its Instant
 * and Duration: with a thousand services run every minute and {@code history-runs = 1000}, the objects were 84 MB
 * after a day, more than the executor's whole heap; RunEntry objects are made only when read.
 */
public final class ServiceHistory {

    private final String service;
    private final int maxRuns;
    private final int maxEvents;
    /** The ring: {@code count} runs from {@code head}: start (seconds, nanos), status and silence, time, message. */
    private long[] seconds = new long[0];
    private int[] nanos = new int[0];
    private byte[] statuses = new byte[0];
    private int[] millis = new int[0];
    private String[] messages = new String[0];
    private int head;
    private int count;
    private static final Status[] STATUSES = Status.values();
    private static final int SILENCED = 0x40;
    private final ArrayDeque<HistoryEvent> events = new ArrayDeque<>();
    private final ArrayDeque<Span> spans = new ArrayDeque<>();
    private final long keepSpans;
    /** Reads the rest of the runs, while only the last ones are loaded (a one-shot run's store); null after. */
    private Runnable rest;
    private String title;
    private long version;
    private long eventsAdded;

    /** A hard cap beside the time kept: two months of a status changing every minute. */
    static final int MAX_SPANS = 100_000;

    ServiceHistory(String service, int maxRuns, int maxEvents, Duration keepSpans) {
        this.service = service;
        this.maxRuns = maxRuns;
        this.maxEvents = maxEvents;
        this.keepSpans = keepSpans.toMillis();
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

    /** Adds a run whose validity is not known: its status holds until the next run. */
    synchronized void add(RunEntry run) {
        add(run, Span.UNTIL_NEXT_RUN);
    }

    /** Adds a run whose result is valid until {@code validUntil} (epoch milliseconds, or {@link Span#UNTIL_NEXT_RUN}). */
    synchronized void add(RunEntry run, long validUntil) {
        extendSpans(run, validUntil);
        if (maxRuns <= 0) {
            version++;
            return;
        }
        String message = run.message();
        if (count > 0) {
            String last = messages[slot(count - 1)];
            if (last != null && last.equals(message)) {
                // Most runs say what the one before said: share the string instead of keeping a thousand copies.
                message = last;
            }
        }
        if (count == seconds.length && count < maxRuns) {
            grow(Math.min(maxRuns, Math.max(4, count * 2)));
        }
        int at;
        if (count < seconds.length) {
            at = slot(count);
            count++;
        } else {
            // full: the oldest run gives its place
            at = head;
            head = (head + 1) % seconds.length;
        }
        seconds[at] = run.time().getEpochSecond();
        nanos[at] = run.time().getNano();
        // the status's ordinal, and whether the run was in a silence in the high bit
        statuses[at] = (byte) (run.status().ordinal() | (run.silenced() ? SILENCED : 0));
        millis[at] = (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, run.executionTime().toMillis()));
        messages[at] = message;
        version++;
    }

    private int slot(int i) {
        return (head + i) % seconds.length;
    }

    /** Copies the ring, oldest first, into arrays of {@code capacity}. */
    private void grow(int capacity) {
        long[] s = new long[capacity];
        int[] n = new int[capacity];
        byte[] st = new byte[capacity];
        int[] ms = new int[capacity];
        String[] m = new String[capacity];
        for (int i = 0; i < count; i++) {
            int from = slot(i);
            s[i] = seconds[from];
            n[i] = nanos[from];
            st[i] = statuses[from];
            ms[i] = millis[from];
            m[i] = messages[from];
        }
        seconds = s;
        nanos = n;
        statuses = st;
        millis = ms;
        messages = m;
        head = 0;
    }

    private RunEntry run(int i) {
        int at = slot(i);
        return new RunEntry(Instant.ofEpochSecond(seconds[at], nanos[at]), STATUSES[statuses[at] & ~SILENCED],
                messages[at], Duration.ofMillis(millis[at]), (statuses[at] & SILENCED) != 0);
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
     * A run continues the last span when it has the same status and silence and comes while that span's result is
     * still valid; otherwise it ends that span (at the latest at its own start) and begins one.
     */
    private void extendSpans(RunEntry run, long validUntil) {
        long t = run.time().toEpochMilli();
        long until = Math.max(t, validUntil);
        Span last = spans.peekLast();
        if (last != null && t < last.from()) {
            return; // older than what is known (a clock set back): the spans keep what they say
        }
        if (last != null && last.status() == run.status() && last.silenced() == run.silenced() && t <= last.to()) {
            spans.removeLast();
            spans.addLast(last.withTo(until));
        } else {
            if (last != null && last.to() > t) {
                spans.removeLast();
                spans.addLast(last.withTo(t));
            }
            spans.addLast(new Span(t, until, run.status(), run.silenced()));
        }
        trimSpans(t);
    }

    /** A run not kept in memory (a one-shot store reads only the last runs) still extends the spans. */
    synchronized void addSpanOnly(Instant time, Status status, boolean silenced, long validUntil) {
        extendSpans(new RunEntry(time, status, "", Duration.ZERO, silenced), validUntil);
    }

    /** Adds a span read from a compacted journal, oldest first. */
    synchronized void addSpan(Span span) {
        Span last = spans.peekLast();
        if (last == null || span.from() >= last.from()) {
            spans.addLast(span);
            trimSpans(span.from());
            version++;
        }
    }

    private void trimSpans(long newest) {
        while (spans.size() > MAX_SPANS || (!spans.isEmpty() && spans.peekFirst().to() < newest - keepSpans)) {
            spans.removeFirst();
        }
    }

    /** Every span kept, oldest first. */
    public synchronized List<Span> spans() {
        complete();
        return new ArrayList<>(spans);
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
        seconds = new long[0];
        nanos = new int[0];
        statuses = new byte[0];
        millis = new int[0];
        messages = new String[0];
        head = 0;
        count = 0;
        events.clear();
        spans.clear();
        version++;
        eventsAdded++;
    }

    /** Every run kept, oldest first. */
    public synchronized List<RunEntry> runs() {
        complete();
        List<RunEntry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(run(i));
        }
        return out;
    }

    /** The last {@code n} runs, oldest first. */
    public synchronized List<RunEntry> lastRuns(int n) {
        if (n > count) {
            complete();
        }
        // from the end: with a thousand runs kept, the strip wants twenty
        int from = Math.max(0, count - n);
        List<RunEntry> out = new ArrayList<>(count - from);
        for (int i = from; i < count; i++) {
            out.add(run(i));
        }
        return out;
    }

    /**
     * The start (epoch seconds), status and message of the last {@code n} runs, oldest first: what a strip of runs
     * shows, without a RunEntry, an Instant and a Duration made for each (after a restart the dashboard reads the
     * last runs of every service twice).
     */
    public synchronized RunStrip lastRunStrip(int n) {
        if (n > count) {
            complete();
        }
        int from = Math.max(0, count - n);
        long[] s = new long[count - from];
        Status[] st = new Status[s.length];
        String[] m = new String[s.length];
        for (int i = 0; i < s.length; i++) {
            int at = slot(from + i);
            s[i] = seconds[at];
            st[i] = STATUSES[statuses[at] & ~SILENCED];
            m[i] = messages[at];
        }
        return new RunStrip(s, st, m);
    }

    /** Runs as {@link #lastRunStrip} gives them: item {@code i} of each array is run {@code i}, oldest first. */
    public record RunStrip(long[] seconds, Status[] statuses, String[] messages) {

        public int size() {
            return seconds.length;
        }
    }

    /** Every event kept, oldest first. */
    public synchronized List<HistoryEvent> events() {
        return new ArrayList<>(events);
    }

    synchronized int size() {
        complete();
        return count + events.size();
    }

    /**
     * The share of {@code window} before {@code now} this service spent up (OK or WARNING: it works, with a
     * warning), with UNKNOWN and not-observed time left out; NaN when nothing was observed.
     */
    public double uptime(Instant now, Duration window) {
        return availability(now.minus(window), now, List.of()).share(UnknownAs.EXCLUDED);
    }

    /**
     * How the time from {@code from} to {@code to} was spent. Time no span covers, and time inside one of the
     * executor's {@code gaps} (sorted, not overlapping), is not observed: a result stops counting once it is no
     * longer valid, and the executor's absence is not taken for uptime.
     */
    public synchronized Availability availability(Instant from, Instant to, List<ExecutorGaps.Gap> gaps) {
        // before its first result a service was not watched yet: that time does not count at all
        long a = spans.isEmpty() ? Long.MAX_VALUE : Math.max(from.toEpochMilli(), spans.peekFirst().from());
        long b = to.toEpochMilli();
        if (b <= a) {
            return new Availability(0, 0, 0, 0, 0);
        }
        long up = 0;
        long down = 0;
        long unknown = 0;
        long maintenance = 0;
        // newest first, so that a window of a day over two months of a flapping status reads only its day
        Iterator<Span> it = spans.descendingIterator();
        Span later = null;
        while (it.hasNext()) {
            Span s = it.next();
            long end = s.to() == Span.UNTIL_NEXT_RUN ? (later == null ? b : later.from()) : s.to();
            later = s;
            if (end <= a) {
                break;
            }
            long start = Math.max(s.from(), a);
            end = Math.min(end, b);
            if (end <= start) {
                continue;
            }
            long part = end - start - overlap(gaps, start, end);
            if (s.silenced()) {
                maintenance += part;
            } else if (s.status() == Status.OK || s.status() == Status.WARNING) {
                up += part;
            } else if (s.status() == Status.ERROR) {
                down += part;
            } else {
                unknown += part;
            }
        }
        long notObserved = (b - a) - up - down - unknown - maintenance;
        return new Availability(up, down, unknown, notObserved, maintenance);
    }

    /** What a stretch of a service's time counts as. */
    public enum Kind {
        UP, DOWN, UNKNOWN, NOT_OBSERVED, MAINTENANCE
    }

    /** A stretch of time of one kind, in epoch milliseconds. */
    public record Segment(long from, long to, Kind kind) {
    }

    /**
     * The time from {@code from} (or the first span, when later) to {@code to} cut into segments of one kind each,
     * oldest first, adjacent ones of the same kind merged; they add up to what {@link #availability} counts.
     */
    public synchronized List<Segment> timeline(Instant from, Instant to, List<ExecutorGaps.Gap> gaps) {
        complete();
        long a = spans.isEmpty() ? Long.MAX_VALUE : Math.max(from.toEpochMilli(), spans.peekFirst().from());
        long b = to.toEpochMilli();
        List<Segment> out = new ArrayList<>();
        long cursor = a;
        List<Span> all = new ArrayList<>(spans);
        for (int i = 0; i < all.size() && cursor < b; i++) {
            Span s = all.get(i);
            long end = s.to() != Span.UNTIL_NEXT_RUN ? s.to() : i + 1 < all.size() ? all.get(i + 1).from() : b;
            long start = Math.max(s.from(), cursor);
            end = Math.min(end, b);
            if (end <= start) {
                continue;
            }
            add(out, cursor, start, Kind.NOT_OBSERVED);
            Kind kind = kind(s);
            long at = start;
            for (ExecutorGaps.Gap g : gaps) {
                if (g.to() <= at || g.from() >= end) {
                    continue;
                }
                long gapStart = Math.max(at, g.from());
                long gapEnd = Math.min(end, g.to());
                add(out, at, gapStart, kind);
                add(out, gapStart, gapEnd, Kind.NOT_OBSERVED);
                at = gapEnd;
            }
            add(out, at, end, kind);
            cursor = end;
        }
        add(out, cursor, b, Kind.NOT_OBSERVED);
        return out;
    }

    private static Kind kind(Span s) {
        if (s.silenced()) {
            return Kind.MAINTENANCE;
        }
        return switch (s.status()) {
            case OK, WARNING -> Kind.UP;
            case ERROR -> Kind.DOWN;
            default -> Kind.UNKNOWN;
        };
    }

    private static void add(List<Segment> out, long from, long to, Kind kind) {
        if (to <= from) {
            return;
        }
        Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.kind() == kind && last.to() == from) {
            out.set(out.size() - 1, new Segment(last.from(), to, kind));
        } else {
            out.add(new Segment(from, to, kind));
        }
    }

    /** How much of {@code [start, end)} the gaps cover. */
    static long overlap(List<ExecutorGaps.Gap> gaps, long start, long end) {
        long sum = 0;
        for (ExecutorGaps.Gap g : gaps) {
            if (g.from() >= end) {
                break;
            }
            sum += overlap(g.from(), g.to(), start, end);
        }
        return sum;
    }

    private static long overlap(long start, long end, long from, long to) {
        long a = Math.max(start, from);
        long b = Math.min(end, to);
        return Math.max(0, b - a);
    }
}
