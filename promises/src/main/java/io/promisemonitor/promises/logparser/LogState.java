package io.promisemonitor.promises.logparser;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the log parser remembers between runs, in {@code <state>/log-parser.properties}: per file where it stopped
 * and how to recognise the file (its inode and a checksum of its first bytes), the match counts of past runs for
 * {@code window}, and the last matching line. A missing or unreadable state file starts afresh.
 */
final class LogState {

    static final String FILE_NAME = "log-parser.properties";

    /** Where a file was left. {@code headLength} bytes from the start checksum to {@code headCrc}. */
    record Position(String key, long offset, boolean pendingCounted, int headLength, long headCrc) {
    }

    /** How many lines matched in one run, at what time. */
    record Run(Instant time, long matches) {
    }

    final Map<Path, Position> positions = new LinkedHashMap<>();
    final List<Run> runs = new ArrayList<>();
    String lastLine;
    String lastFile;

    static LogState read(Path folder) {
        LogState state = new LogState();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(folder.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return state;
        } catch (IOException | IllegalArgumentException e) {
            return state; // a damaged state costs one re-read, not a broken promise
        }
        try {
            int files = Integer.parseInt(p.getProperty("files", "0"));
            for (int i = 0; i < files; i++) {
                String prefix = "file." + i + ".";
                state.positions.put(Path.of(p.getProperty(prefix + "path")), new Position(
                        p.getProperty(prefix + "key", ""),
                        Long.parseLong(p.getProperty(prefix + "offset")),
                        Boolean.parseBoolean(p.getProperty(prefix + "pending-counted")),
                        Integer.parseInt(p.getProperty(prefix + "head-length")),
                        Long.parseLong(p.getProperty(prefix + "head-crc"))));
            }
            String runs = p.getProperty("runs", "");
            for (String run : runs.split(",")) {
                if (!run.isEmpty()) {
                    String[] tm = run.split(":");
                    state.runs.add(new Run(Instant.ofEpochSecond(Long.parseLong(tm[0])), Long.parseLong(tm[1])));
                }
            }
            state.lastLine = p.getProperty("last-line");
            state.lastFile = p.getProperty("last-file");
        } catch (RuntimeException e) {
            return new LogState();
        }
        return state;
    }

    void write(Path folder) {
        Properties p = new Properties();
        int i = 0;
        for (Map.Entry<Path, Position> e : positions.entrySet()) {
            String prefix = "file." + i++ + ".";
            Position pos = e.getValue();
            p.setProperty(prefix + "path", e.getKey().toString());
            p.setProperty(prefix + "key", pos.key());
            p.setProperty(prefix + "offset", Long.toString(pos.offset()));
            p.setProperty(prefix + "pending-counted", Boolean.toString(pos.pendingCounted()));
            p.setProperty(prefix + "head-length", Integer.toString(pos.headLength()));
            p.setProperty(prefix + "head-crc", Long.toString(pos.headCrc()));
        }
        p.setProperty("files", Integer.toString(i));
        StringBuilder r = new StringBuilder();
        for (Run run : runs) {
            r.append(r.length() > 0 ? "," : "").append(run.time().getEpochSecond()).append(':').append(run.matches());
        }
        p.setProperty("runs", r.toString());
        if (lastLine != null) {
            p.setProperty("last-line", lastLine);
            p.setProperty("last-file", lastFile);
        }
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Without the date comment Properties starts with, and sorted (it writes in hash order; every entry is one
        // line, newlines being escaped): an unchanged state gives the same bytes and is not rewritten.
        StringBuilder text = new StringBuilder();
        out.toString().lines().filter(l -> !l.startsWith("#")).sorted().forEach(l -> text.append(l).append('\n'));
        AtomicFiles.writeIfChanged(folder.resolve(FILE_NAME), text.toString());
    }
}
