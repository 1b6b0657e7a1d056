package io.promisemonitor.promises.logparser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the lines of a file region that match one of some regexes and none of others, fast: large reads, newlines
 * found in raw bytes, and, when the regexes have required literals (see {@link Literals}), a search for those in a
 * Latin-1 view of the bytes ({@code String.indexOf} is vectorised), so only candidate lines are decoded and matched.
 * Without literals every line is matched, still without a copy per line when the text is ASCII.
 *
 * <p>Lines end at {@code \n} (a {@code \r} before it is dropped) and are decoded as UTF-8, invalid bytes
 * becoming U+FFFD. A line longer than {@link #BUFFER} bytes is matched on its first {@link #BUFFER} bytes. A last
 * line without its newline is matched, and the scan ends at its start, so that the next scan reads it again
 * whole; the caller says whether it was already counted.
 */
final class LineScanner {

    /** The read size, which is also the longest line matched whole. */
    static final int BUFFER = 1 << 20;

    /** Receives each matching line with the file offset where it starts. */
    interface Sink {
        void matched(long offset, String line);
    }

    /**
     * @param end where the next scan starts: after the last complete line, or at the start of a last line
     *     without newline
     * @param pendingCounted whether that last line without newline matched (so was counted)
     */
    record Outcome(long end, boolean pendingCounted, long bytesRead) {
    }

    private final Matcher[] patterns;
    private final Matcher[] ignores;
    private final String[] literals;
    private final int[] next;
    /** Per literal, the index of its rarest character in the text being read, searched first. */
    private final int[] anchors;
    private boolean anchored;
    private final byte[] buf;
    private Sink sink;
    private long suppressAt;

    LineScanner(List<Pattern> patterns, List<Pattern> ignores, Optional<List<String>> literals) {
        this(patterns, ignores, literals, BUFFER);
    }

    LineScanner(List<Pattern> patterns, List<Pattern> ignores, Optional<List<String>> literals, int bufferSize) {
        this.patterns = patterns.stream().map(p -> p.matcher("")).toArray(Matcher[]::new);
        this.ignores = ignores.stream().map(p -> p.matcher("")).toArray(Matcher[]::new);
        this.literals = literals.map(l -> l.toArray(new String[0])).orElse(null);
        this.next = new int[this.literals == null ? 0 : this.literals.length];
        this.anchors = new int[next.length];
        this.buf = new byte[bufferSize];
    }

    /** Whether a literal prefilter is used (for tests and the benchmark's report). */
    boolean prefiltered() {
        return literals != null;
    }

    /**
     * Scans {@code channel} from {@code from} to {@code to} (its size when the scan began).
     *
     * @param firstCounted the line starting at {@code from} was counted by the previous scan (it had no newline
     *     then): it is not reported again
     */
    Outcome scan(FileChannel channel, long from, long to, boolean firstCounted, Sink newSink)
            throws IOException, InterruptedException {
        this.sink = newSink;
        this.suppressAt = firstCounted ? from : -1;
        long readPos = from;
        long bufBase = from;
        int filled = 0;
        boolean skipping = false;
        while (readPos < to) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while reading");
            }
            int want = (int) Math.min(buf.length - filled, to - readPos);
            int n = channel.read(ByteBuffer.wrap(buf, filled, want), readPos);
            if (n <= 0) {
                break; // the file shrank under us; the next scan sees how
            }
            readPos += n;
            filled += n;
            int last = lastNewline(filled);
            if (last < 0) {
                if (filled == buf.length) {
                    if (!skipping) {
                        region(0, filled, bufBase);
                    }
                    skipping = true;
                    bufBase += filled;
                    filled = 0;
                }
                continue;
            }
            int start = 0;
            if (skipping) {
                start = firstNewline(last) + 1;
                skipping = false;
            }
            if (start <= last) {
                region(start, last + 1, bufBase);
            }
            int rest = filled - (last + 1);
            System.arraycopy(buf, last + 1, buf, 0, rest);
            bufBase += last + 1;
            filled = rest;
        }
        long end = bufBase;
        boolean pendingCounted = false;
        if (filled > 0) {
            if (skipping) {
                end = bufBase + filled;
            } else {
                pendingCounted = region(0, filled, bufBase) > 0;
            }
        }
        return new Outcome(end, pendingCounted, readPos - from);
    }

    private int lastNewline(int filled) {
        for (int i = filled - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int firstNewline(int limit) {
        for (int i = 0; i <= limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return limit;
    }

    /** The lines in {@code buf[start, end)}; returns how many matched. */
    private int region(int start, int end, long base) {
        if (literals != null) {
            return candidates(start, end, base);
        }
        int matched = 0;
        String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
        if (text.length() == end - start) {
            // One char per byte (ASCII, or invalid bytes each replaced): text positions are byte positions.
            int p = 0;
            int len = text.length();
            while (p < len) {
                int e = text.indexOf('\n', p);
                int next = e < 0 ? len : e + 1;
                int stop = e < 0 ? len : e;
                if (stop > p && text.charAt(stop - 1) == '\r') {
                    stop--;
                }
                if (matches(text, p, stop) && report(base + start + p, text, p, stop)) {
                    matched++;
                }
                p = next;
            }
            return matched;
        }
        String view = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        int p = 0;
        int len = view.length();
        while (p < len) {
            int e = view.indexOf('\n', p);
            int next = e < 0 ? len : e + 1;
            if (line(start + p, start + (e < 0 ? len : e), base)) {
                matched++;
            }
            p = next;
        }
        return matched;
    }

    /** Only the lines holding a literal: each literal's next occurrence is remembered, so each is searched once. */
    private int candidates(int start, int end, long base) {
        if (!anchored) {
            anchor(start, end);
        }
        String view = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        int len = view.length();
        Arrays.fill(next, -1);
        int matched = 0;
        int pos = 0;
        while (pos < len) {
            int best = Integer.MAX_VALUE;
            for (int k = 0; k < literals.length; k++) {
                if (next[k] < pos) {
                    int found = find(view, k, pos);
                    next[k] = found < 0 ? Integer.MAX_VALUE : found;
                }
                best = Math.min(best, next[k]);
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            int lineStart = best == 0 ? 0 : view.lastIndexOf('\n', best - 1) + 1;
            int lineEnd = view.indexOf('\n', best);
            if (lineEnd < 0) {
                lineEnd = len;
            }
            if (line(start + lineStart, start + lineEnd, base)) {
                matched++;
            }
            pos = lineEnd + 1;
        }
        return matched;
    }

    /**
     * Where literal {@code k} next occurs from {@code from}: its rarest character is looked for first with
     * {@code indexOf(char)}, much faster than {@code indexOf(String)}, and the literal checked around it.
     */
    private int find(String view, int k, int from) {
        String literal = literals[k];
        int a = anchors[k];
        char c = literal.charAt(a);
        int i = from + a;
        while (true) {
            int found = view.indexOf(c, i);
            if (found < 0) {
                return -1;
            }
            if (view.startsWith(literal, found - a)) {
                return found - a;
            }
            i = found + 1;
        }
    }

    /** Picks each literal's rarest character by the byte counts of the start of the text. */
    private void anchor(int start, int end) {
        int[] counts = new int[256];
        for (int i = start, stop = Math.min(end, start + (64 << 10)); i < stop; i++) {
            counts[buf[i] & 0xff]++;
        }
        for (int k = 0; k < literals.length; k++) {
            String literal = literals[k];
            int best = 0;
            for (int i = 1; i < literal.length(); i++) {
                if (counts[literal.charAt(i) & 0xff] < counts[literal.charAt(best) & 0xff]) {
                    best = i;
                }
            }
            anchors[k] = best;
        }
        anchored = true;
    }

    /** One line in {@code buf[from, to)}, without its newline. */
    private boolean line(int from, int to, long base) {
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        String text = new String(buf, from, to - from, StandardCharsets.UTF_8);
        return matches(text, 0, text.length()) && report(base + from, text, 0, text.length());
    }

    private boolean matches(String text, int from, int to) {
        boolean any = false;
        for (Matcher m : patterns) {
            m.reset(text).region(from, to);
            if (m.find()) {
                any = true;
                break;
            }
        }
        if (!any) {
            return false;
        }
        for (Matcher m : ignores) {
            m.reset(text).region(from, to);
            if (m.find()) {
                return false;
            }
        }
        return true;
    }

    /** Reports a matching line unless the previous scan already did; true either way. */
    private boolean report(long offset, String text, int from, int to) {
        if (offset != suppressAt) {
            sink.matched(offset, from == 0 && to == text.length() ? text : text.substring(from, to));
        }
        return true;
    }
}
