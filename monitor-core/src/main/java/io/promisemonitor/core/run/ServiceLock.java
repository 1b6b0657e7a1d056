package io.promisemonitor.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The PID-file lock of one service, {@code <pid folder>/<service>.pid}: at most one run of a service at any moment
 * across every process and thread. It is an OS file lock, so it dies with its process, even one killed with
 * SIGKILL; the file holds the holder's PID and start time for humans.
 *
 * <pre>{@code
 * try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, "disk", clock).orElseThrow()) {
 *     ... run the promise ...
 * }
 * }</pre>
 *
 * <p>POSIX releases every lock a process holds on a file as soon as the process closes <em>any</em> descriptor of
 * that file. So nothing else in this JVM may open a lock file: read it with {@link #holder}.
 */
public final class ServiceLock implements AutoCloseable {

    /**
     * Lock files this JVM holds or is probing. FileChannel locks belong to the whole JVM (a second tryLock throws
     * OverlappingFileLockException, and a stray close would drop the lock), so threads take this first.
     */
    private static final ConcurrentMap<Path, Object> IN_USE = new ConcurrentHashMap<>();
    private static final Object PROBE = new Object();

    /**
     * Each pid folder as given, resolved to its real path once: a mkdir and a realpath at every run were a tenth
     * of the executor's own time per run. A folder removed later is noticed when a lock file cannot be opened.
     */
    private static final ConcurrentMap<Path, Path> REAL_FOLDERS = new ConcurrentHashMap<>();

    private final Path file;
    private final String service;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;
    private boolean closed;

    private ServiceLock(Path file, String service, FileChannel channel, FileLock lock, Holder holder) {
        this.file = file;
        this.service = service;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /**
     * Takes the lock of {@code service} unless another process or thread holds it; never waits.
     *
     * @throws IllegalArgumentException for a service name that cannot be a file name
     * @throws UncheckedIOException when the folder or the file cannot be created
     */
    public static Optional<ServiceLock> tryAcquire(Path pidFolder, String service, Clock clock) {
        try {
            return acquireFile(lockFile(pidFolder, service, true), service, clock);
        } catch (NoSuchFileException gone) {
            // the folder went away since it was looked up (an operator cleaning up): make it again, once
            REAL_FOLDERS.remove(pidFolder);
            try {
                return acquireFile(lockFile(pidFolder, service, true), service, clock);
            } catch (NoSuchFileException again) {
                throw new UncheckedIOException("cannot lock service '" + service + "': the service-pid folder "
                        + pidFolder + " disappears as soon as it is made", again);
            }
        }
    }

    /** @throws NoSuchFileException when the folder of {@code file} does not exist */
    private static Optional<ServiceLock> acquireFile(Path file, String service, Clock clock)
            throws NoSuchFileException {
        ServiceLock self = null;
        if (IN_USE.putIfAbsent(file, PROBE) != null) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return Optional.empty();
            }
            Holder holder = new Holder(ProcessHandle.current().pid(),
                    OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(holder.fileContent().getBytes(StandardCharsets.UTF_8)), 0);
            } catch (IOException full) {
                // The OS lock excludes other runs; the PID is only for humans, so a full disk must not stop the run.
            }
            self = new ServiceLock(file, service, channel, lock, holder);
            IN_USE.put(file, self);
            return Optional.of(self);
        } catch (OverlappingFileLockException e) {
            return Optional.empty(); // cannot happen while IN_USE guards the file; "busy" is the safe answer
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + " for service '" + service + "': "
                    + e.getMessage(), e);
        } finally {
            if (self == null) {
                closeQuietly(channel);
                IN_USE.remove(file, PROBE);
            }
        }
    }

    /**
     * Who holds the lock of {@code service} and since when, or empty when nobody does. Tells by trying the lock,
     * so a run starting at this very moment may find it busy; only ask after {@link #tryAcquire} failed.
     */
    public static Optional<Holder> holder(Path pidFolder, String service) {
        Path file = lockFile(pidFolder, service, false);
        if (file == null) {
            return Optional.empty();
        }
        Object mine = IN_USE.putIfAbsent(file, PROBE);
        if (mine instanceof ServiceLock) {
            return Optional.of(((ServiceLock) mine).holder);
        }
        if (mine != null) {
            return Optional.empty(); // another thread of ours is probing it: nobody holds it for a run
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate(256);
            channel.read(buffer, 0);
            return Optional.of(Holder.parse(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " for service '" + service + "': "
                    + e.getMessage(), e);
        } finally {
            IN_USE.remove(file, PROBE);
        }
    }

    /**
     * Releases the lock and empties the file, but leaves it in place. Deleting it would break mutual exclusion:
     * another process may have opened the file and be about to lock it; after the delete it would lock the
     * unlinked file while a third process creates and locks a new one, and both would run.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the lock anyway; a stale PID in the file only misleads humans
        } finally {
            closeQuietly(channel);
            IN_USE.remove(file, this);
        }
    }

    public String service() {
        return service;
    }

    public Path file() {
        return file;
    }

    public Holder holder() {
        return holder;
    }

    private static Path lockFile(Path pidFolder, String service, boolean create) {
        checkName(service);
        Path real = REAL_FOLDERS.get(pidFolder);
        if (real == null) {
            try {
                if (create) {
                    Files.createDirectories(pidFolder);
                } else if (!Files.isDirectory(pidFolder)) {
                    return null;
                }
                // one key per real file, however the folder is spelled (symlinks, relative paths)
                real = pidFolder.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use service-pid folder " + pidFolder + ": " + e.getMessage(),
                        e);
            }
            REAL_FOLDERS.put(pidFolder, real);
        }
        return real.resolve(service + ".pid");
    }

    static void checkName(String service) {
        Objects.requireNonNull(service, "service");
        String problem = null;
        if (service.isEmpty()) {
            problem = "it is empty";
        } else if (service.contains("/")) {
            problem = "'/' is not allowed";
        } else if (service.contains("..")) {
            problem = "'..' is not allowed";
        } else if (service.indexOf('\0') >= 0) {
            problem = "NUL is not allowed";
        }
        if (problem != null) {
            throw new IllegalArgumentException("service name '" + service + "' cannot name a lock file: " + problem);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: the descriptor is gone either way
            }
        }
    }

    /** Who holds a service's lock: a process id and a start time, each unknown while the holder is writing them. */
    public static final class Holder {
        private final long pid;
        private final OffsetDateTime since;

        Holder(long pid, OffsetDateTime since) {
            this.pid = pid;
            this.since = since;
        }

        public OptionalLong pid() {
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        }

        public Optional<OffsetDateTime> since() {
            return Optional.ofNullable(since);
        }

        /** The start as an instant, for comparing with a clock. */
        public Optional<Instant> sinceInstant() {
            return since().map(OffsetDateTime::toInstant);
        }

        String fileContent() {
            return pid + "\n" + since.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n";
        }

        static Holder parse(String content) {
            String[] lines = content.split("\n");
            long pid = -1;
            OffsetDateTime since = null;
            try {
                pid = Long.parseLong(lines[0].strip());
            } catch (NumberFormatException e) {
                // the holder truncated the file and has not written yet
            }
            if (lines.length > 1) {
                try {
                    since = OffsetDateTime.parse(lines[1].strip());
                } catch (DateTimeParseException e) {
                    // idem
                }
            }
            return new Holder(pid, since);
        }

        /** {@code pid 1234 since 2026-11-21T10:00:00Z}, for "already running" messages. */
        @Override
        public String toString() {
            return (pid > 0 ? "pid " + pid : "unknown pid") + (since == null ? "" : " since "
                    + since.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Holder)) {
                return false;
            }
            Holder other = (Holder) o;
            return pid == other.pid && Objects.equals(since, other.since);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pid, since);
        }
    }
}
