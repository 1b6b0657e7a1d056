package io.promisemonitor.cli;

import io.promisemonitor.core.config.MonitorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The log that cron lines append to ({@code <state-folder>/cron.log}): never in a published folder, and kept under
 * {@link #LIMIT_BYTES} by moving it to {@code cron.log.1} when a run starts past that size (the shell still appends
 * to the moved file until that run ends; the next run starts a new one).
 */
final class CronLog {

    static final long LIMIT_BYTES = 1024 * 1024;
    static final String NAME = "cron.log";

    private CronLog() {
    }

    static Path of(MonitorConfig monitor) {
        return monitor.stateFolder().resolve(NAME);
    }

    /** Moves a log past its limit aside; a log that cannot be moved is left alone (the run matters more). */
    static void rotate(MonitorConfig monitor) {
        Path log = of(monitor);
        try {
            if (Files.isRegularFile(log) && Files.size(log) > LIMIT_BYTES) {
                Files.move(log, log.resolveSibling(NAME + ".1"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (NoSuchFileException e) {
            // another run moved it first
        } catch (IOException e) {
            System.err.println("cannot rotate " + log + ": " + e.getMessage());
        }
    }
}
