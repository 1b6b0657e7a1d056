package io.promisemonitor.core.run;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How programs are started, waited for and their process groups killed: chosen once at start-up
 * ({@link #best()}) and handed to every {@link ProcessRunner}, so that a test can run the same suite on each
 * fallback path by giving another one instead of flipping a switch shared by the whole JVM.
 *
 * <ul>
 *   <li>posix_spawn (JNA, glibc 2.34+, 64-bit Linux): own session without a setsid exec; the calling thread polls
 *       a pidfd and both pipes; groups and escaped descendants killed with kill(2), orphans found among the JVM's
 *       inherited children (it is a subreaper).
 *   <li>the same without pidfd_open (Linux before 5.3, a seccomp filter): a reaper and two reader threads.
 *   <li>ProcessBuilder and {@code /usr/bin/setsid}: where posix_spawn cannot be used.
 *   <li>without JNA at all: as ProcessBuilder, and groups killed through a long-lived shell, escaped processes
 *       looked for in all of /proc and killed through ProcessHandle.
 * </ul>
 *
 * A native spawner whose posix_spawn refuses its flags at run time, or whose pidfd_open turns out missing, falls
 * back by itself from then on.
 */
public final class Spawner {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.run");

    private static final class Best {
        static final Spawner INSTANCE = NativeSpawner.whyUnavailable().isEmpty() ? new Spawner(true, true, true)
                : new Spawner(false, false, false);
    }

    private final boolean jna;
    /** Null while posix_spawn is used; why not, once it refused at run time. */
    private volatile String posixSpawnOff;
    private volatile boolean pidfds;
    /**
     * Readers of stdout and stderr and waiters for an exit, off the calling thread so that it can stop waiting at
     * its deadline even when a child that escaped the group keeps a pipe open (a blocked read cannot be
     * interrupted). A cached pool reuses its threads: a run costs task hand-offs, not new threads.
     */
    private final ExecutorService threads;

    private Spawner(boolean posixSpawn, boolean pidfds, boolean jna) {
        this.posixSpawnOff = posixSpawn ? null : "not chosen";
        this.pidfds = posixSpawn && pidfds;
        this.jna = jna;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "promise-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The best way this machine offers, probed once per JVM. */
    public static Spawner best() {
        return Best.INSTANCE;
    }

    /** ProcessBuilder and setsid, as where posix_spawn cannot be used (kill(2) still used where JNA works). */
    public static Spawner processBuilder() {
        return new Spawner(false, false, NativeSpawner.whyUnavailable().isEmpty());
    }

    /** As where JNA is missing: ProcessBuilder and setsid, kills through a shell and ProcessHandle. */
    public static Spawner withoutJna() {
        return new Spawner(false, false, false);
    }

    /** posix_spawn, waited for by threads as where pidfd_open is missing. */
    public static Spawner posixSpawnWithoutPidfds() {
        if (NativeSpawner.whyUnavailable().isPresent()) {
            return withoutJna();
        }
        return new Spawner(true, false, true);
    }

    /** Why posix_spawn is not used, or empty when it is. */
    public Optional<String> whyNotPosixSpawn() {
        return Optional.ofNullable(posixSpawnOff);
    }

    boolean posixSpawn() {
        return posixSpawnOff == null;
    }

    boolean pidfds() {
        return pidfds;
    }

    /** kill(2) and the subreaper's list of inherited children, rather than a shell, ProcessHandle and /proc. */
    boolean jna() {
        return jna;
    }

    ExecutorService threads() {
        return threads;
    }

    /** posix_spawn said EINVAL to flags glibc 2.34+ knows: something else is off, so stop using it. */
    void stopPosixSpawn(String why) {
        posixSpawnOff = why;
        LOG.log(System.Logger.Level.WARNING, "promises start through ProcessBuilder and setsid from now on: " + why);
    }

    /** pidfd_open does not exist here (ENOSYS) or is forbidden (EPERM). */
    void stopPidfds(String why) {
        if (pidfds) {
            pidfds = false;
            LOG.log(System.Logger.Level.INFO, "promises are waited for by threads: pidfd_open: " + why);
        }
    }

    /** Sends SIGKILL to process group {@code pgid}; no such group is fine. */
    void killGroup(long pgid) {
        // -1 would be every process we may signal and 0 our own group: never let a bad pid get that far
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to kill process group " + pgid);
        }
        if (jna) {
            NativeSpawner.killGroup(pgid);
        } else {
            GroupKiller.killGroup(pgid);
        }
    }

    @Override
    public String toString() {
        return posixSpawn() ? (pidfds ? "posix_spawn" : "posix_spawn without pidfd")
                : jna ? "ProcessBuilder and setsid" : "ProcessBuilder and setsid, without JNA";
    }
}
