package io.promisemonitor.core.history;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.UnknownAs;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.liveness.ExecutorGaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The weekly and monthly availability reports, {@code <web>/reports/<period>.html}, {@code .csv} and {@code .json},
 * built from the history alone: per service, the share of the period it was up under the rules of
 * {@code monitor.conf} ({@code report-unknown-as}; maintenance never counts), its time by kind, and its incidents.
 * The executor writes last week's and last month's once they end ({@link #catchUp}, also after a restart);
 * {@code monitor report} writes any past or current one.
 */
public final class AvailabilityReports {

    public static final String FOLDER = "reports";
    /** In {@code <state>/reports}: the periods the executor already reported (or found no history for). */
    static final String DONE = "done";
    private static final int MAX_DONE_BYTES = 64 * 1024;
    private static final System.Logger LOG = System.getLogger("io.promisemonitor.reports");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT);

    /** A stretch counted as down, with what it was made of (ERROR, UNKNOWN, not observed). */
    public record Incident(Instant start, Instant end, List<String> causes, boolean ongoing) {
        public Duration duration() {
            return Duration.between(start, end);
        }
    }

    public record ServiceReport(String id, String title, Availability time, double share, List<Incident> incidents) {
    }

    /**
     * @param end the end of what is counted: the period's end, or the time of making for the current period
     */
    public record Report(ReportPeriod period, Instant end, Instant made, UnknownAs rule,
            List<ServiceReport> services) {
        public boolean complete() {
            return end.equals(period.end().toInstant());
        }
    }

    private AvailabilityReports() {
    }

    /** The folder reports are written to, in the web folder. */
    public static Path folder(MonitorConfig monitor) {
        return monitor.webFolder().resolve(FOLDER);
    }

    /**
     * The report of {@code period} as the history tells it at {@code now}; the current period is reported so far.
     *
     * @throws IllegalArgumentException for a period that has not begun
     */
    public static Report build(ReportPeriod period, Instant now, HistoryStore store, List<ExecutorGaps.Gap> gaps,
            UnknownAs rule) {
        if (!period.start().toInstant().isBefore(now)) {
            throw new IllegalArgumentException(period.kind() + " " + period.name() + " has not begun yet (now "
                    + TEXT.format(now.atZone(period.start().getZone())) + " " + period.start().getZone()
                    + "): a report covers a past " + period.kind() + " or the current one so far");
        }
        Instant start = period.start().toInstant();
        Instant end = period.end().toInstant().isAfter(now) ? now : period.end().toInstant();
        List<ServiceReport> services = new ArrayList<>();
        for (String id : store.services()) {
            Optional<ServiceHistory> history = store.history(id);
            if (history.isEmpty()) {
                continue;
            }
            List<ServiceHistory.Segment> timeline = history.get().timeline(start, end, gaps);
            if (timeline.isEmpty()
                    || timeline.stream().allMatch(s -> s.kind() == ServiceHistory.Kind.NOT_OBSERVED)) {
                continue; // nothing known of it in this period (removed before, or added after)
            }
            Availability time = total(timeline);
            services.add(new ServiceReport(id, history.get().title(), time, time.share(rule),
                    incidents(timeline, rule, end, period.end().toInstant().isAfter(now))));
        }
        return new Report(period, end, now, rule, services);
    }

    static Availability total(List<ServiceHistory.Segment> timeline) {
        long[] by = new long[ServiceHistory.Kind.values().length];
        for (ServiceHistory.Segment s : timeline) {
            by[s.kind().ordinal()] += s.to() - s.from();
        }
        return new Availability(by[ServiceHistory.Kind.UP.ordinal()], by[ServiceHistory.Kind.DOWN.ordinal()],
                by[ServiceHistory.Kind.UNKNOWN.ordinal()], by[ServiceHistory.Kind.NOT_OBSERVED.ordinal()],
                by[ServiceHistory.Kind.MAINTENANCE.ordinal()]);
    }

    /** Adjacent segments counted as down, merged: ERROR always; UNKNOWN and not observed under {@code down}. */
    static List<Incident> incidents(List<ServiceHistory.Segment> timeline, UnknownAs rule, Instant end,
            boolean current) {
        Set<ServiceHistory.Kind> down = rule == UnknownAs.DOWN
                ? EnumSet.of(ServiceHistory.Kind.DOWN, ServiceHistory.Kind.UNKNOWN, ServiceHistory.Kind.NOT_OBSERVED)
                : EnumSet.of(ServiceHistory.Kind.DOWN);
        List<Incident> out = new ArrayList<>();
        long from = -1;
        long to = -1;
        Set<String> causes = new LinkedHashSet<>();
        for (ServiceHistory.Segment s : timeline) {
            if (!down.contains(s.kind())) {
                continue;
            }
            if (from >= 0 && s.from() != to) {
                out.add(incident(from, to, causes, end, current));
                causes = new LinkedHashSet<>();
                from = -1;
            }
            if (from < 0) {
                from = s.from();
            }
            to = s.to();
            causes.add(cause(s.kind()));
        }
        if (from >= 0) {
            out.add(incident(from, to, causes, end, current));
        }
        return out;
    }

    private static Incident incident(long from, long to, Set<String> causes, Instant end, boolean current) {
        return new Incident(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), List.copyOf(causes),
                current && to == end.toEpochMilli());
    }

    private static String cause(ServiceHistory.Kind kind) {
        return switch (kind) {
            case DOWN -> "ERROR";
            case UNKNOWN -> "UNKNOWN";
            case NOT_OBSERVED -> "not observed";
            case UP -> "up";
            case MAINTENANCE -> "maintenance";
        };
    }

    /** Writes the report's three files (atomically) and the folder's index; returns the three paths. */
    public static List<Path> write(Path folder, Report report) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        String name = report.period().name();
        Path html = folder.resolve(name + ".html");
        Path csv = folder.resolve(name + ".csv");
        Path json = folder.resolve(name + ".json");
        AtomicFiles.writeIfChanged(json, json(report));
        AtomicFiles.writeIfChanged(csv, csv(report));
        AtomicFiles.writeIfChanged(html, html(report));
        writeIndex(folder);
        return List.of(html, csv, json);
    }

    /**
     * What the executor does once a minute: when last week or last month ended and was not reported yet, reports
     * it (when the history knows anything of it) and notes it in {@code <state>/reports/done}, so that it is done
     * once, also after a restart. Returns the periods reported.
     */
    public static List<String> catchUp(MonitorConfig monitor, ZonedDateTime now, UnknownAs rule,
            java.util.function.Supplier<HistoryStore> store) {
        Path done = monitor.stateFolder(FOLDER).resolve(DONE);
        Set<String> known = readDone(done);
        List<String> reported = new ArrayList<>();
        HistoryStore history = null;
        for (ReportPeriod period : List.of(ReportPeriod.previousWeek(now), ReportPeriod.previousMonth(now))) {
            if (known.contains(period.name())) {
                continue;
            }
            if (history == null) {
                history = store.get(); // in cron mode this reads every journal: only when a report is due
            }
            Report report = build(period, now.toInstant(), history, ExecutorGaps.read(monitor, now.toInstant()), rule);
            if (!report.services().isEmpty()) {
                write(folder(monitor), report);
                reported.add(period.name());
                LOG.log(System.Logger.Level.INFO, "availability report of " + period.kind() + " " + period.name()
                        + " written to " + folder(monitor));
            }
            known.add(period.name());
            writeDone(done, known);
        }
        return reported;
    }

    private static Set<String> readDone(Path done) {
        Set<String> out = new TreeSet<>();
        try {
            if (Files.size(done) <= MAX_DONE_BYTES) {
                for (String line : Files.readAllLines(done, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        out.add(line.strip());
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + done + ": " + e.getMessage());
        }
        return out;
    }

    private static void writeDone(Path done, Set<String> periods) {
        List<String> kept = new ArrayList<>(periods);
        // the last two years of weeks and months are plenty to know what was done
        List<String> last = kept.subList(Math.max(0, kept.size() - 200), kept.size());
        try {
            Files.createDirectories(done.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + done.getParent() + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(done, String.join("\n", last) + "\n");
    }

    static String json(Report r) {
        ZoneId zone = r.period().start().getZone();
        return Json.write(json -> {
            json.startObject();
            json.field("period", r.period().name());
            json.field("kind", r.period().kind());
            json.field("from", DATE.format(r.period().start()));
            json.field("to", DATE.format(r.end().atZone(zone)));
            json.field("complete", r.complete());
            json.field("made", DATE.format(r.made().atZone(zone)));
            json.startObject("rules");
            json.field("up", "OK, WARNING");
            json.field("down", "ERROR");
            json.field("unknown-as", r.rule().word());
            json.field("maintenance", "excluded");
            json.field("text", rules(r.rule()));
            json.endObject();
            json.startArray("services");
            for (ServiceReport s : r.services()) {
                json.startObject();
                json.field("id", s.id());
                json.field("title", s.title());
                if (Double.isNaN(s.share())) {
                    json.nullField("availability");
                } else {
                    json.field("availability", percent(s.share()));
                }
                json.field("up-seconds", s.time().up() / 1000);
                json.field("down-seconds", s.time().down() / 1000);
                json.field("unknown-seconds", s.time().unknown() / 1000);
                json.field("not-observed-seconds", s.time().notObserved() / 1000);
                json.field("maintenance-seconds", s.time().maintenance() / 1000);
                json.startArray("incidents");
                for (Incident i : s.incidents()) {
                    json.startObject();
                    json.field("start", DATE.format(i.start().atZone(zone)));
                    json.field("end", DATE.format(i.end().atZone(zone)));
                    json.field("duration-seconds", i.duration().toSeconds());
                    json.field("cause", String.join(", ", i.causes()));
                    json.field("ongoing", i.ongoing());
                    json.endObject();
                }
                json.endArray();
                json.endObject();
            }
            json.endArray();
            json.endObject();
        });
    }

    static String csv(Report r) {
        StringBuilder out = new StringBuilder("service,title,availability_percent,up_seconds,down_seconds,"
                + "unknown_seconds,not_observed_seconds,maintenance_seconds,incidents\r\n");
        for (ServiceReport s : r.services()) {
            out.append(csvField(s.id())).append(',').append(csvField(s.title())).append(',')
                    .append(Double.isNaN(s.share()) ? "" : percent(s.share()).toPlainString()).append(',')
                    .append(s.time().up() / 1000).append(',').append(s.time().down() / 1000).append(',')
                    .append(s.time().unknown() / 1000).append(',').append(s.time().notObserved() / 1000).append(',')
                    .append(s.time().maintenance() / 1000).append(',').append(s.incidents().size()).append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180, and a leading {@code = + - @} quoted away so that a spreadsheet does not take it for a formula. */
    static String csvField(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** The rules, as printed on the report. */
    static String rules(UnknownAs rule) {
        String grey = switch (rule) {
            case DOWN -> "counted as down";
            case UP -> "counted as up";
            case EXCLUDED -> "left out of the share";
        };
        return "Up: OK and WARNING. Down: ERROR. UNKNOWN and not-observed time (no valid result, or the executor"
                + " not running) " + grey + " (report-unknown-as = " + rule.word() + "). Maintenance (runs under a"
                + " silence) is left out. Availability = up / counted time.";
    }

    /** A share as a percentage with three decimals, rounded down (99.9996 % is not 100 %). */
    static BigDecimal percent(double share) {
        // to nine places first: 0.995 * 100 is 99.49999999999999 in binary
        BigDecimal p = BigDecimal.valueOf(share * 100).setScale(9, RoundingMode.HALF_EVEN)
                .setScale(3, RoundingMode.FLOOR).stripTrailingZeros();
        return p.scale() < 0 ? p.setScale(0) : p;
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86400 + " d" + (s % 86400 / 3600 == 0 ? "" : " " + s % 86400 / 3600 + " h");
    }

    static String html(Report r) {
        ZoneId zone = r.period().start().getZone();
        String title = "Availability, " + r.period().kind() + " " + r.period().name();
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"../monitor.css\">\n</head>\n<body>\n<main class=\"report\">\n")
                .append("<p><a href=\"../index.html\">Monitor</a> · <a href=\"index.html\">Reports</a></p>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n<p class=\"period\">From ")
                .append(TEXT.format(r.period().start())).append(" to ").append(TEXT.format(r.end().atZone(zone)))
                .append(' ').append(escape(zone.toString()))
                .append(r.complete() ? "" : " (so far: the " + r.period().kind() + " is not over)")
                .append(". Made ").append(TEXT.format(r.made().atZone(zone))).append(".</p>\n")
                .append("<p class=\"rules\">Rules: ").append(escape(rules(r.rule()))).append("</p>\n");
        b.append("<table>\n<thead><tr><th>Service</th><th>Availability</th><th>Up</th><th>Down</th><th>UNKNOWN</th>"
                + "<th>Not observed</th><th>Maintenance</th><th>Incidents</th></tr></thead>\n<tbody>\n");
        for (ServiceReport s : r.services()) {
            b.append("<tr><td>").append(escape(s.title()));
            if (!s.title().equals(s.id())) {
                b.append(" <span class=\"id\">").append(escape(s.id())).append("</span>");
            }
            b.append("</td><td>").append(Double.isNaN(s.share()) ? "n/a" : percent(s.share()).toPlainString() + " %")
                    .append("</td><td>").append(duration(Duration.ofMillis(s.time().up())))
                    .append("</td><td>").append(duration(Duration.ofMillis(s.time().down())))
                    .append("</td><td>").append(duration(Duration.ofMillis(s.time().unknown())))
                    .append("</td><td>").append(duration(Duration.ofMillis(s.time().notObserved())))
                    .append("</td><td>").append(duration(Duration.ofMillis(s.time().maintenance())))
                    .append("</td><td>").append(s.incidents().size()).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n<h2>Incidents</h2>\n");
        boolean any = r.services().stream().anyMatch(s -> !s.incidents().isEmpty());
        if (!any) {
            b.append("<p>None.</p>\n");
        } else {
            b.append("<table class=\"incidents\">\n<thead><tr><th>Service</th><th>Start</th><th>End</th>"
                    + "<th>Duration</th><th>What</th></tr></thead>\n<tbody>\n");
            for (ServiceReport s : r.services()) {
                for (Incident i : s.incidents()) {
                    b.append("<tr><td>").append(escape(s.title())).append("</td><td>")
                            .append(TEXT.format(i.start().atZone(zone))).append("</td><td>")
                            .append(i.ongoing() ? "ongoing" : TEXT.format(i.end().atZone(zone))).append("</td><td>")
                            .append(duration(i.duration())).append("</td><td>")
                            .append(escape(String.join(", ", i.causes()))).append("</td></tr>\n");
                }
            }
            b.append("</tbody>\n</table>\n");
        }
        b.append("<p>Also as <a href=\"").append(r.period().name()).append(".csv\">CSV</a> and <a href=\"")
                .append(r.period().name()).append(".json\">JSON</a>.</p>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Text for HTML: markup characters as entities, control characters (but tab and newline) dropped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= ' ' || c == '\t' || c == '\n') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code reports/index.html}: every report in the folder, newest first. */
    static void writeIndex(Path folder) {
        TreeSet<String> names = new TreeSet<>(java.util.Comparator.reverseOrder());
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.html")) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (!n.equals("index.html")) {
                    names.add(n.substring(0, n.length() - ".html".length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Availability reports</title>\n<link rel=\"stylesheet\" href=\"../monitor.css\">\n</head>\n"
                + "<body>\n<main class=\"report\">\n<p><a href=\"../index.html\">Monitor</a></p>\n"
                + "<h1>Availability reports</h1>\n<ul>\n");
        for (String n : names) {
            String e = escape(n);
            b.append("<li><a href=\"").append(e).append(".html\">").append(e).append("</a> (<a href=\"").append(e)
                    .append(".csv\">CSV</a>, <a href=\"").append(e).append(".json\">JSON</a>)</li>\n");
        }
        b.append("</ul>\n</main>\n</body>\n</html>\n");
        AtomicFiles.writeIfChanged(folder.resolve("index.html"), b.toString());
    }
}
