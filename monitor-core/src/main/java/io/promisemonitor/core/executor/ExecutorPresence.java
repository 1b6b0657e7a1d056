package io.promisemonitor.core.executor;

import io.promisemonitor.core.config.MonitorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an executor runs on an instance: an OS lock on {@code <state-folder>/executor.lock} that the executor's
 * process holds for its whole life and that dies with it, even with SIGKILL. Not the heartbeat file's age, which
 * says only that an executor ran lately. The rerun paths ask here: with an executor, a rerun is handed to it; without
 * one, the CGI runs the promise itself and {@code monitor serve} starts {@code monitor run-promise}.
 *
 * <p>POSIX drops a process's lock on a file when the process closes any descriptor of it, so a process never opens
 * the file while it holds the lock: it remembers that it does.
 */
public final class ExecutorPresence implements AutoCloseable {

    public static final String FILE = "executor.lock";

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ExecutorPresence(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static Path file(MonitorConfig monitor) {
        return monitor.stateFolder().resolve(FILE).toAbsolutePath().normalize();
    }

    /**
     * Takes the instance's executor lock for this process; empty when another executor holds it. The file then
     * says which process holds it, for humans.
     */
    public static Optional<ExecutorPresence> hold(MonitorConfig monitor) {
        Path file = file(monitor);
        if (!HELD_HERE.add(file)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_HERE.remove(file);
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now()
                    + "\n").getBytes(StandardCharsets.UTF_8)));
            return Optional.of(new ExecutorPresence(file, channel, lock));
        } catch (IOException | OverlappingFileLockException e) {
            HELD_HERE.remove(file);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the lock, if any, went with the channel
                }
            }
            if (e instanceof IOException) {
                throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), (IOException) e);
            }
            return Optional.empty();
        }
    }

    /** True while an executor, in this process or another, holds the instance's lock. */
    public static boolean running(MonitorConfig monitor) {
        Path file = file(monitor);
        if (HELD_HERE.contains(file)) {
            return true;
        }
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // unreadable: better to hand the rerun to a spool nobody drains than to run a promise twice
            return true;
        }
    }

    /** Who holds the lock, as its file says: {@code pid 1234 since 2026-12-04T10:00:00Z}. */
    public static Optional<String> holder(MonitorConfig monitor) {
        if (HELD_HERE.contains(file(monitor))) {
            return Optional.of("pid " + ProcessHandle.current().pid() + ", this process");
        }
        try {
            String text = Files.readString(file(monitor)).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        } finally {
            HELD_HERE.remove(file);
        }
    }
}
