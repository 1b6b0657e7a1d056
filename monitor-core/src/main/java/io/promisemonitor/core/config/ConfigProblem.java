package io.promisemonitor.core.config;

import java.nio.file.Path;

/**
 * One mistake in one file: {@code etc/monitor-promise/x.cfg line 3: frequency '*\/61 * * * *': minute must be 0-59}.
 * A line of 0 means the file as a whole.
 */
public record ConfigProblem(Path file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? " line " + line : "") + ": " + message;
    }
}
