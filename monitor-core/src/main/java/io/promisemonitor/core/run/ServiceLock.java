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
import java.nio.file.attribute.BasicFileAttributes;
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
 * The lock of one service: at most one run of a service at any moment across every process and thread. Two OS
 * file locks, both held for the whole run: {@code <pid folder>/<service>.pid}, which holds the holder's PID and
 * start time for humans, and {@code <keep folder>/<service>.lock}, an empty file in a folder of the monitor's own
 * state. Each dies with its process, even one killed with SIGKILL.
 *
 * <pre>{@code
 * try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", clock).orElseThrow()) {
 *     ... run the promise ...
 * }
 * }</pre>
 *
 * <p>Why two: a file lock belongs to a file, not to its name. A lock file deleted, replaced or whose folder was
 * made again while a run holds it is a new, free file for the next process that opens the name; with one lock file
 * a second run would start. No single deletion, replacement or recreated folder frees both names, and a run needs
 * both. Each lock is checked, once taken, to be on the file its name leads to now, so a lock taken on a file
 * being replaced is taken again.
 *
 * <p>POSIX releases every lock a process holds on a file as soon as the process closes <em>any</em> descriptor of
 * that file. So nothing else in this JVM may open a lock file: read it with {@link #holder}.
 */
public final class ServiceLock implements AutoCloseable {

    /**
     * Services (by their pid file) this JVM holds or is probing. FileChannel locks belong to the whole JVM (a second
     * tryLock throws OverlappingFileLockException, and a stray close would drop the lock), so threads take this
     * first.
     */
    private static final ConcurrentMap<Path, Object> IN_USE = new ConcurrentHashMap<>();
    private static final Object PROBE = new Object();

    /** How many times a lock is taken again when its file was replaced meanwhile, before giving up. */
    private static final int ATTEMPTS = 5;

    /**
     * Each folder as given, resolved to its real path once: a mkdir and a realpath at every run were a tenth of the
     * executor's own time per run. A folder removed later is noticed when a lock file cannot be opened.
     */
    private static final ConcurrentMap<Path, Path> REAL_FOLDERS = new ConcurrentHashMap<>();

    private final Path file;
    private final String service;
    private final Locked pid;
    private final Locked keep;
    private final Holder holder;
    private boolean closed;

    private ServiceLock(Path file, String service, Locked pid, Locked keep, Holder holder) {
        this.file = file;
        this.service = service;
        this.pid = pid;
        this.keep = keep;
        this.holder = holder;
    }

    private static final Locked BUSY = new Locked(null, null);
    private static final Locked REPLACED = new Locked(null, null);

    /** Whether the lock files are opened and locked through {@link NativeLocks} (where it can be used). */
    private static volatile boolean nativeLocks = nativeLocksUsable();

    /**
     * One locked file: its channel and lock, or its descriptor (locked through {@link NativeLocks}); or
     * {@link #BUSY} or {@link #REPLACED}, without either.
     */
    private static final class Locked {
        private final FileChannel channel;
        private final FileLock lock;
        /** The descriptor locked through NativeLocks, or -1. */
        private final int fd;
        /** The file's size when it was locked, through NativeLocks. */
        private final long size;

        Locked(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
            this.fd = -1;
            this.size = 0;
        }

        Locked(int fd, long size) {
            this.channel = null;
            this.lock = null;
            this.fd = fd;
            this.size = size;
        }

        /** Makes {@code content} the file's whole content. */
        void write(byte[] content) throws IOException {
            if (fd >= 0) {
                NativeLocks.write(fd, content, size);
            } else {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(content), 0);
            }
        }

        /** Empties the file. */
        void empty() throws IOException {
            if (fd >= 0) {
                NativeLocks.truncate(fd);
            } else {
                channel.truncate(0);
            }
        }

        void release() {
            if (fd >= 0) {
                NativeLocks.close(fd); // releases the lock
                return;
            }
            if (lock == null) {
                return;
            }
            try {
                lock.release();
            } catch (IOException e) {
                // closing the channel releases it anyway
            } finally {
                closeQuietly(channel);
            }
        }
    }

    /**
     * Takes the lock of {@code service} unless another process or thread holds it; never waits.
     *
     * @throws IllegalArgumentException for a service name that cannot be a file name
     * @throws UncheckedIOException when a folder or a file cannot be created
     */
    public static Optional<ServiceLock> tryAcquire(Path pidFolder, Path keepFolder, String service, Clock clock) {
        checkName(service);
        NoSuchFileException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path pidFile = lockFile(pidFolder, service + ".pid", true);
            Path keepFile = lockFile(keepFolder, service + ".lock", true);
            try {
                Optional<Optional<ServiceLock>> taken = acquireFiles(pidFile, keepFile, service, clock);
                if (taken.isPresent()) {
                    return taken.get();
                }
            } catch (NoSuchFileException gone) {
                // a folder went away since it was looked up (an operator cleaning up): make it again
                REAL_FOLDERS.remove(pidFolder);
                REAL_FOLDERS.remove(keepFolder);
                last = gone;
            }
        }
        throw new UncheckedIOException("cannot lock service '" + service + "': its lock files in " + pidFolder
                + " and " + keepFolder + " keep disappearing or being replaced", last == null
                ? new NoSuchFileException(pidFolder.resolve(service + ".pid").toString()) : last);
    }

    /**
     * The lock, busy (an empty lock), or empty when a lock file was replaced while it was being locked: try again.
     *
     * @throws NoSuchFileException when the folder of a file does not exist
     */
    private static Optional<Optional<ServiceLock>> acquireFiles(Path pidFile, Path keepFile, String service,
            Clock clock) throws NoSuchFileException {
        if (IN_USE.putIfAbsent(pidFile, PROBE) != null) {
            return Optional.of(Optional.empty());
        }
        ServiceLock self = null;
        Locked keep = null;
        Locked pid = null;
        try {
            // the file of the monitor's own state first: an operator cleans the pid folder, rarely that one
            keep = lockAsNamed(keepFile);
            if (keep == BUSY || keep == REPLACED) {
                return keep == BUSY ? Optional.of(Optional.empty()) : Optional.empty();
            }
            pid = lockAsNamed(pidFile);
            if (pid == BUSY || pid == REPLACED) {
                return pid == BUSY ? Optional.of(Optional.empty()) : Optional.empty();
            }
            Holder holder = new Holder(ProcessHandle.current().pid(),
                    OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
            try {
                pid.write(holder.fileContent().getBytes(StandardCharsets.UTF_8));
            } catch (IOException full) {
                // A full disk: the OS locks exclude other runs; the PID is only for humans, so the run goes on.
                // Not logged here: the status and history writes of this run say once a minute that the disk is full.
            }
            self = new ServiceLock(pidFile, service, pid, keep, holder);
            IN_USE.put(pidFile, self);
            return Optional.of(Optional.of(self));
        } catch (OverlappingFileLockException e) {
            return Optional.of(Optional.empty()); // the file is locked in this JVM by another name: "busy"
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + pidFile + " for service '" + service + "': "
                    + e.getMessage(), e);
        } finally {
            if (self == null) {
                if (pid != null) {
                    pid.release();
                }
                if (keep != null) {
                    keep.release();
                }
                IN_USE.remove(pidFile, PROBE);
            }
        }
    }

    /**
     * Locks the file {@code file} names. Without a lock when another holds it ({@link #BUSY}), or when the name was
     * given to another file meanwhile ({@link #REPLACED}: the lock taken would be on a file nobody else can find).
     */
    private static Locked lockAsNamed(Path file) throws IOException {
        byte[] path = nativeLocks ? NativeLocks.cPath(file) : null;
        if (path != null) {
            NativeLocks.Taken taken = NativeLocks.lock(file, path);
            return taken.locked() ? new Locked(taken.fd(), taken.size()) : taken.busy() ? BUSY : REPLACED;
        }
        Object before = fileKey(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean kept = false;
        try {
            if (before == null) {
                before = fileKey(file); // made just now, by this call or another
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return BUSY;
            }
            if (!before.equals(fileKey(file))) {
                lock.release();
                return REPLACED;
            }
            kept = true;
            return new Locked(channel, lock);
        } finally {
            if (!kept) {
                closeQuietly(channel);
            }
        }
    }

    /** The identity of the file at {@code file} (device and inode), or null when there is none. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Who holds the lock of {@code service} and since when, or empty when nobody does. Tells by trying the locks,
     * so a run starting at this very moment may find them busy; only ask after {@link #tryAcquire} failed.
     */
    public static Optional<Holder> holder(Path pidFolder, Path keepFolder, String service) {
        checkName(service);
        Path pidFile = lockFile(pidFolder, service + ".pid", false);
        Path keepFile = lockFile(keepFolder, service + ".lock", false);
        if (pidFile == null) {
            // no key to guard the probe with: probing the other file could drop a lock of this JVM's own
            return Optional.empty();
        }
        Object mine = IN_USE.putIfAbsent(pidFile, PROBE);
        if (mine instanceof ServiceLock) {
            return Optional.of(((ServiceLock) mine).holder);
        }
        if (mine != null) {
            return Optional.empty(); // another thread of ours is probing it: nobody holds it for a run
        }
        try (FileChannel channel = FileChannel.open(pidFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                // the pid file may be a new one while the run holds the old one and the file in the keep folder
                return keepFile != null && held(keepFile) ? Optional.of(new Holder(-1, null)) : Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate(256);
            channel.read(buffer, 0);
            return Optional.of(Holder.parse(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return keepFile != null && held(keepFile) ? Optional.of(new Holder(-1, null)) : Optional.empty();
        } catch (OverlappingFileLockException e) {
            return Optional.of(new Holder(-1, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile + " for service '" + service + "': "
                    + e.getMessage(), e);
        } finally {
            IN_USE.remove(pidFile, PROBE);
        }
    }

    /**
     * Whether another process holds a lock on {@code file}; only while IN_USE guards its service, as closing a
     * descriptor would drop a lock of this JVM on the file.
     */
    private static boolean held(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Releases both locks and empties the pid file, but leaves the files in place. Deleting them would break mutual
     * exclusion: another process may have opened a file and be about to lock it; after the delete it would lock the
     * unlinked file while a third process creates and locks a new one.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pid.empty();
        } catch (IOException e) {
            // a stale PID in the file only misleads humans: the lock is what counts
        } finally {
            pid.release();
            keep.release();
            IN_USE.remove(file, this);
        }
    }

    public String service() {
        return service;
    }

    /**
     * Takes the locks through {@link NativeLocks} ({@code true}, where it can be used) or through FileChannel; returns
     * the way used before. For the tests of both ways.
     */
    static boolean useNativeLocks(boolean use) {
        boolean before = nativeLocks;
        nativeLocks = use && nativeLocksUsable();
        return before;
    }

    /** Whether {@link NativeLocks} can be used: JNA on the class path, and a Linux and glibc it knows. */
    private static boolean nativeLocksUsable() {
        try {
            return NativeLocks.whyUnavailable().isEmpty();
        } catch (LinkageError e) {
            return false; // JNA's classes missing: NativeLocks itself cannot be loaded
        }
    }

    public Path file() {
        return file;
    }

    public Holder holder() {
        return holder;
    }

    private static Path lockFile(Path folder, String name, boolean create) {
        Path real = REAL_FOLDERS.get(folder);
        if (real == null) {
            try {
                if (create) {
                    Files.createDirectories(folder);
                } else if (!Files.isDirectory(folder)) {
                    return null;
                }
                // one key per real file, however the folder is spelled (symlinks, relative paths)
                real = folder.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use lock folder " + folder + ": " + e.getMessage(), e);
            }
            REAL_FOLDERS.put(folder, real);
        }
        return real.resolve(name);
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
