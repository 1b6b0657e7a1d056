package io.promisemonitor.core.render;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.XmlText;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.liveness.Staleness;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The badges people embed in a README: {@code public/<service>.svg} (the service's title and status) and
 * {@code public/monitor.svg} (the worst status over every service, with how many share it), in the flat style of
 * shields.io. A badge is written (atomically) only when its bytes change: kept in memory, and compared with the file
 * after a restart. A service named {@code monitor} has no badge of its own: the overall one takes the name.
 */
public final class Badges {

    public static final String OVERALL = "monitor";
    public static final String SUFFIX = ".svg";
    static final int MAX_LABEL = 40;

    private static final String GREEN = "#4c1";
    private static final String YELLOW = "#dfb317";
    private static final String RED = "#e05d44";
    private static final String ORANGE = "#fe7d37";
    private static final String GREY = "#9f9f9f";

    /** Verdana's advance widths at 11 px, in 1/2048 em, for ' ' to '~'; other characters take an M's. */
    private static final int[] WIDTHS = {
        720, 812, 920, 1638, 1303, 2215, 1485, 562, 926, 926, 1303, 1638, 745, 926, 745, 1169, // space to /
        1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 926, 926, 1638, 1638, 1638, 1110, // 0 to ?
        2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 862, 936, 1423, 1141, 1736, 1532, 1612, // @ to O
        1239, 1612, 1424, 1401, 1237, 1499, 1401, 2025, 1403, 1239, 1403, 926, 1169, 926, 1638, 1303, // P to _
        1303, 1230, 1276, 1067, 1276, 1220, 720, 1276, 1296, 562, 705, 1186, 562, 1992, 1296, 1243, // ` to o
        1276, 1276, 874, 1067, 807, 1296, 1186, 1681, 1186, 1186, 1057, 1300, 926, 1300, 1638}; // p to ~
    private static final int OTHER = 1736;

    private final Path publicFolder;
    /** What each badge written (or found unchanged) shows: label, message and colour. */
    private final Map<String, Shown> written = new HashMap<>();

    public Badges(Path publicFolder) {
        this.publicFolder = publicFolder;
    }

    /** Writes the badges that changed and removes those of services no longer configured; returns how many it wrote. */
    public synchronized int write(SiteState state) {
        int wrote = 0;
        int shown = 0;
        int error = 0;
        int stale = 0;
        int unknown = 0;
        int warning = 0;
        for (ServiceConfig service : state.services()) {
            String id = service.name();
            ServiceStatus s = state.statuses().get(id);
            String word;
            String colour;
            if (s == null) {
                word = "pending";
                colour = GREY;
            } else if (Staleness.isStale(s, service, state.now())) {
                word = s.status().name() + " (stale)";
                colour = ORANGE;
                stale++;
            } else {
                word = s.status().name();
                colour = colour(s.status());
            }
            if (s != null && s.status() == Status.ERROR) {
                error++;
            } else if (s != null && s.status() == Status.UNKNOWN) {
                unknown++;
            } else if (s != null && s.status() == Status.WARNING) {
                warning++;
            }
            if (id.equals(OVERALL)) {
                continue;
            }
            shown++;
            String title = service.title() == null || service.title().isEmpty() ? id : service.title();
            wrote += put(id, title, word, colour) ? 1 : 0;
        }
        String overall;
        String colour;
        if (state.services().isEmpty()) {
            overall = "no services";
            colour = GREY;
        } else if (error > 0) {
            overall = error + " ERROR";
            colour = RED;
        } else if (stale > 0) {
            overall = stale + " STALE";
            colour = ORANGE;
        } else if (unknown > 0) {
            overall = unknown + " UNKNOWN";
            colour = GREY;
        } else if (warning > 0) {
            overall = warning + " WARNING";
            colour = YELLOW;
        } else {
            overall = "OK";
            colour = GREEN;
        }
        wrote += put(OVERALL, OVERALL, overall, colour) ? 1 : 0;
        if (written.size() <= shown + 1) {
            // every badge kept is a service's now, or the overall one: with thousands, no set of names to make
            return wrote;
        }
        Set<String> now = new HashSet<>();
        state.services().forEach(s -> now.add(s.name()));
        for (String gone : new HashSet<>(written.keySet())) {
            if (!gone.equals(OVERALL) && !now.contains(gone)) {
                written.remove(gone);
                try {
                    Files.deleteIfExists(file(gone));
                } catch (IOException e) {
                    // left for the next render
                }
            }
        }
        return wrote;
    }

    /**
     * Writes the badge unless what it shows is what was last written: with thousands, most renders write none, and
     * compare without a copy.
     */
    private boolean put(String name, String label, String message, String colour) {
        Shown last = written.get(name);
        if (last != null && last.label.equals(label) && last.message.equals(message) && last.colour.equals(colour)) {
            return false;
        }
        boolean changed = AtomicFiles.writeIfChanged(file(name), svg(label, message, colour));
        written.put(name, new Shown(label, message, colour));
        return changed;
    }

    private record Shown(String label, String message, String colour) {
    }

    Path file(String name) {
        return publicFolder.resolve(name + SUFFIX);
    }

    private static String colour(Status status) {
        return switch (status) {
            case OK -> GREEN;
            case WARNING -> YELLOW;
            case ERROR -> RED;
            case UNKNOWN -> GREY;
        };
    }

    /** A flat badge: {@code label} on grey, {@code message} on {@code colour}. */
    static String svg(String label, String message, String colour) {
        String l = label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL - 1) + "\u2026" : label;
        int lw = width(l) + 10;
        int mw = width(message) + 10;
        int w = lw + mw;
        String el = XmlText.escape(l);
        String em = XmlText.escape(message);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"20\" role=\"img\""
                + " aria-label=\"" + el + ": " + em + "\"><title>" + el + ": " + em + "</title>"
                + "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\""
                + " stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
                + "<clipPath id=\"r\"><rect width=\"" + w + "\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>"
                + "<g clip-path=\"url(#r)\"><rect width=\"" + lw + "\" height=\"20\" fill=\"#555\"/><rect x=\"" + lw
                + "\" width=\"" + mw + "\" height=\"20\" fill=\"" + colour + "\"/><rect width=\"" + w
                + "\" height=\"20\" fill=\"url(#s)\"/></g>"
                + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\""
                + " font-size=\"11\">"
                + text(lw, el) + text(2 * lw + mw, em) + "</g></svg>\n";
    }

    /** {@code halfPixels / 2}: {@code 37} or {@code 37.5} (by hand: String.format's first call costs milliseconds). */
    private static String text(int halfPixels, String escaped) {
        String at = halfPixels / 2 + (halfPixels % 2 == 0 ? "" : ".5");
        return "<text x=\"" + at + "\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">" + escaped + "</text>"
                + "<text x=\"" + at + "\" y=\"14\">" + escaped + "</text>";
    }

    /** The text's width in pixels at 11 px Verdana, rounded up. */
    static int width(String text) {
        long units = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            units += c >= ' ' && c <= '~' ? WIDTHS[c - ' '] : OTHER;
        }
        return (int) Math.ceil(units * 11 / 2048.0);
    }
}
