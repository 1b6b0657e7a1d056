package io.promisemonitor.promises.pagekite;

import io.promisemonitor.core.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the watchdog must remember across runs and restarts, in {@code <state>/promise/<service>/pagekite.properties}:
 * the kite failures in a row, the last action, the last crash report. The report's rate limit is kept as the
 * report's instant, so "one a week" holds across a year end (the original script keyed its marker on the year, so
 * really allowed one report a year, and a second one right after New Year).
 */
final class WatchdogState {

    static final String FILE = "pagekite.properties";

    int failures;
    Instant lastAction;
    String lastActionText = "";
    Instant lastReport;
    String lastReportText = "";

    static WatchdogState load(Path folder) {
        WatchdogState s = new WatchdogState();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve(FILE) + ": " + e.getMessage(), e);
        }
        try {
            s.failures = Math.max(0, Integer.parseInt(p.getProperty("failures", "0").strip()));
        } catch (NumberFormatException e) {
            s.failures = 0;
        }
        s.lastAction = instant(p.getProperty("last-action"));
        s.lastActionText = p.getProperty("last-action-text", "");
        s.lastReport = instant(p.getProperty("last-report"));
        s.lastReportText = p.getProperty("last-report-text", "");
        return s;
    }

    void save(Path folder) {
        TreeMap<String, String> values = new TreeMap<>();
        values.put("failures", Integer.toString(failures));
        if (lastAction != null) {
            values.put("last-action", lastAction.toString());
            values.put("last-action-text", lastActionText);
        }
        if (lastReport != null) {
            values.put("last-report", lastReport.toString());
            values.put("last-report-text", lastReportText);
        }
        StringBuilder text = new StringBuilder();
        for (var e : values.entrySet()) {
            Properties one = new Properties();
            one.setProperty(e.getKey(), e.getValue());
            StringWriter w = new StringWriter();
            try {
                one.store(w, null);
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
            // without the date comment Properties starts with, so an unchanged state is not rewritten
            w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> text.append(l).append('\n'));
        }
        AtomicFiles.writeIfChanged(folder.resolve(FILE), text.toString());
    }

    private static Instant instant(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
