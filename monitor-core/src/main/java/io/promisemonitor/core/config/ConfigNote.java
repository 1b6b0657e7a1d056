package io.promisemonitor.core.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Something {@code monitor validate} reports that does not stop the monitor: a SlapOS key accepted and not used
 * (info), or a value that probably does not mean what its author thinks (warning).
 */
public record ConfigNote(Path file, int line, Level level, String message) {

    public enum Level { INFO, WARNING }

    public static ConfigNote info(Path file, int line, String message) {
        return new ConfigNote(file, line, Level.INFO, message);
    }

    public static ConfigNote warning(Path file, int line, String message) {
        return new ConfigNote(file, line, Level.WARNING, message);
    }

    @Override
    public String toString() {
        return level.name().toLowerCase(Locale.ROOT) + ": " + file + (line > 0 ? " line " + line : "") + ": "
                + message;
    }
}
