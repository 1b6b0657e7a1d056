package io.promisemonitor.core.executor;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Rerun requests handed to the executor by another process (the web server of {@code monitor serve}, or the
 * CGI script): one file {@code <state>/rerun-spool/<service>.rerun} per service. It appears in one step, as a
 * hard link to a complete temporary file, and a link cannot replace an existing file, so at most one request per
 * service is pending at any time, across processes. {@link #take} hands each request found to the executor once;
 * the file is removed when that run is over ({@link #accepted}): while the file exists, another request for the
 * same service is refused.
 */
public final class RerunSpool {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.executor");

    static final String SUFFIX = ".rerun";

    /**
     * How long after the folder's time last changed {@link #take} still lists it at every call: a file made within
     * the same tick of the kernel's coarse clock as the last change leaves the folder's time as it was.
     */
    static final long SETTLE_NANOS = 1_000_000_000L;

    private final Path folder;
    private final LongSupplier nanoTime;
    /** Executor side: the services whose request is queued or running, so a tick does not queue it again. */
    private final Map<String, Boolean> taken = new ConcurrentHashMap<>();
    /** Executor side: the folder's time and identity at the last listing, and when that stamp was first seen. */
    private Object listedStamp;
    private long stampSeenAt;

    RerunSpool(Path folder, LongSupplier nanoTime) {
        this.folder = folder;
        this.nanoTime = nanoTime;
    }

    public static RerunSpool of(MonitorConfig monitor) {
        return new RerunSpool(monitor.stateFolder("rerun-spool"), System::nanoTime);
    }

    public Path folder() {
        return folder;
    }

    /**
     * Makes the spool folder when it is missing, with its parent's permissions (in split mode the web process may be
     * another user, allowed to write there by the state folder's group), so that the executor's look at it five
     * times a second is one stat, not a missing file's error. Failing that, the writer makes it at its first request.
     */
    void prepare() {
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectory(folder);
                var wanted = Files.getPosixFilePermissions(folder.getParent());
                if (!wanted.equals(Files.getPosixFilePermissions(folder))) {
                    Files.setPosixFilePermissions(folder, wanted);
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "rerun spool " + folder + " not made: " + e);
        }
    }

    public Path requestFile(String service) {
        if (!InstanceConfig.SERVICE_NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("service name '" + service + "' is not allowed; allowed: letters,"
                    + " digits, '.', '_' and '-'");
        }
        return folder.resolve(service + SUFFIX);
    }

    /**
     * Asks the executor to run {@code service}. Empty when this call queued the request; otherwise the time of the
     * request already pending (queued or running), which this call leaves as it is.
     *
     * @throws UncheckedIOException when the spool folder cannot be written
     */
    public Optional<Instant> request(String service, Instant now) {
        Path file = requestFile(service);
        Path temp = null;
        try {
            Files.createDirectories(folder);
            temp = folder.resolve("." + service + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            Files.writeString(temp, "requested-at=" + now.truncatedTo(ChronoUnit.MILLIS) + "\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.createLink(file, temp);
                return Optional.empty();
            } catch (FileAlreadyExistsException e) {
                return Optional.of(pendingSince(service).orElse(now));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rerun request " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a stray temporary file is ignored by the executor and named after its service
                }
            }
        }
    }

    /** When the pending request of {@code service} was made; empty when none is pending. */
    public Optional<Instant> pendingSince(String service) {
        Path file = requestFile(service);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.startsWith("requested-at=")) {
                return Optional.of(Instant.parse(text.substring("requested-at=".length())));
            }
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Files.exists(file) ? Optional.of(Instant.EPOCH) : Optional.empty();
        }
    }

    /** A request found in the spool and handed out once, until {@link #accepted} or {@link #refused}. */
    public record Request(String service, Path file) {
    }

    /**
     * Executor side: the requests not handed out yet. Never throws: a file with a bad name is logged and removed.
     * Each request stays pending (a second one for the same service is refused) until it is accepted and its run
     * is over, or refused.
     */
    List<Request> take() {
        // Listed only when the folder changed (a request made, one removed), or lately: five times a second, the
        // listing of an unchanged folder was a third of an idle executor's CPU.
        Object stamp = stamp();
        long now = nanoTime.getAsLong();
        if (stamp != null && stamp.equals(listedStamp)) {
            if (now - stampSeenAt > SETTLE_NANOS) {
                return List.of();
            }
        } else {
            listedStamp = stamp;
            stampSeenAt = now;
        }
        List<Request> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String service = name.substring(0, name.length() - SUFFIX.length());
                if (taken.containsKey(service)) {
                    continue;
                }
                if (!InstanceConfig.SERVICE_NAME.matcher(service).matches()) {
                    remove(file);
                    continue;
                }
                taken.put(service, Boolean.TRUE);
                found.add(new Request(service, file));
            }
        } catch (NoSuchFileException e) {
            // no request was ever made
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "rerun spool " + folder + ": " + e + "; will keep running");
        }
        return found;
    }

    /** The folder's modification time and identity, or null when it cannot be read (missing: always listed). */
    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(folder, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return null;
        }
    }

    /** The request's run is queued: its file goes once {@code done} completes, and not before. */
    void accepted(Request request, CompletableFuture<?> done) {
        done.whenComplete((outcome, failure) -> {
            remove(request.file());
            taken.remove(request.service());
        });
    }

    /** The request cannot be run ({@code why}): logged, and its file removed. */
    void refused(Request request, String why) {
        LOG.log(System.Logger.Level.WARNING, request.service() + ": " + why + "; request removed");
        remove(request.file());
        taken.remove(request.service());
    }

    private static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot remove the rerun request " + file + ": " + e.getMessage());
        }
    }
}
