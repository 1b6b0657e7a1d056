package io.promisemonitor.core.run;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Kills every descendant of a run when it ends, whatever session or process group it moved to: the group kill
 * misses a grandchild that called {@code setsid}.
 *
 * <p>Where JNA works the JVM is a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}): a process whose parent
 * dies is handed to the JVM instead of to init, so it stays findable. At the end of a run, the run's tree (the
 * children of the leader while it runs, and theirs) and the orphans the JVM inherited that carry the run's
 * {@link #RUN_ID} in their environment are killed, round after round until none is left; the orphans killed are
 * reaped. Each process is killed only if its start time is still the one seen, so a pid reused meanwhile is
 * spared. Without JNA nothing is inherited: the orphans carrying the run's id are looked for in all of /proc.
 *
 * <p>The JVM reaps only zombies it inherited (never a child of its own that something else waits for: a leader,
 * or a process started in the JVM's own session by ProcessBuilder).
 */
final class Descendants {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.run");

    /** The variable that marks every process of one run: inherited through fork, exec and setsid. */
    static final String RUN_ID = "MONITOR_RUN_ID";

    private static final long SELF = ProcessHandle.current().pid();
    private static final Path MAIN_THREAD_CHILDREN = Path.of("/proc", Long.toString(SELF), "task",
            Long.toString(SELF), "children");
    private static final AtomicLong RUNS = new AtomicLong();
    /** How many rounds of "find, kill" a run's end makes at most: each round catches what forked meanwhile. */
    private static final int ROUNDS = 20;
    /** How long the end of a run waits for the orphans it killed to die, to reap them. */
    private static final long REAP_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Leaders started and not reaped yet: their owners wait for them, so they are never reaped here. */
    private static final Set<Long> LEADERS = ConcurrentHashMap.newKeySet();
    /** Spawns share it; a reap takes it alone, so that a leader is in {@link #LEADERS} before it can be reaped. */
    private static final ReentrantReadWriteLock SPAWNS = new ReentrantReadWriteLock();

    private static final long OWN_SESSION = session(SELF);
    private static final boolean JNA = NativeSpawner.whyUnavailable().isEmpty();
    /** Whether the JVM is a subreaper: decided once, for the whole process (prctl is per process). */
    private static final boolean SUBREAPER = becomeSubreaper();
    /** {@link #MAIN_THREAD_CHILDREN} as a C string, read through libc at the end of every run. */
    private static final Memory MAIN_THREAD_CHILDREN_C = SUBREAPER ? cString(MAIN_THREAD_CHILDREN.toString()) : null;
    private static final int CHILDREN_BUFFER_SIZE = 4096;
    private static final ThreadLocal<Memory> CHILDREN_BUFFER = ThreadLocal.withInitial(
            () -> new Memory(CHILDREN_BUFFER_SIZE));

    /** How often the orphans the JVM inherited from anything it started (a hook's child too) are reaped. */
    private static final long SWEEP_MILLIS = 1000;

    static {
        if (JNA) {
            // an orphan that dies between two runs must not stay a zombie until the next run ends
            Thread sweeper = new Thread(Descendants::sweepForever, "orphan-reaper");
            sweeper.setDaemon(true);
            sweeper.start();
        }
    }

    private Descendants() {
    }

    /** A new value of {@link #RUN_ID}: unique among the runs of all the JVMs running at once. */
    static String newRunId() {
        return SELF + "-" + RUNS.incrementAndGet();
    }

    /** Taken around a spawn and the {@link #leaderStarted} that follows it. */
    static Lock spawning() {
        return SPAWNS.readLock();
    }

    static void leaderStarted(long pid) {
        LEADERS.add(pid);
    }

    /** Called once the leader was reaped by its owner. */
    static void leaderReaped(long pid) {
        LEADERS.remove(pid);
    }

    private static boolean becomeSubreaper() {
        if (!JNA) {
            return false;
        }
        if (Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
            LOG.log(System.Logger.Level.WARNING, "prctl(PR_SET_CHILD_SUBREAPER): " + Libc.strerror(Libc.errno())
                    + "; a promise's processes whose parent died are looked for in all of /proc");
            return false;
        }
        return true;
    }

    /**
     * Kills every descendant of the run {@code runId} led by {@code leader}, then reaps those the JVM inherited.
     *
     * @param leaderHeld whether {@code leader} is still the run's leader (not reaped yet), so its children are
     *     the run's; false also when it is known to have exited (a zombie has no children: they were handed on)
     * @param jna whether to use kill(2) and the subreaper's list of inherited children; without, the orphans are
     *     looked for in all of /proc and killed through ProcessHandle, as where JNA is missing
     */
    static void killAll(long leader, boolean leaderHeld, String runId, boolean jna) {
        byte[] marker = ("\0" + RUN_ID + "=" + runId + "\0").getBytes(StandardCharsets.US_ASCII);
        Map<Long, Long> killed = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            Map<Long, Long> found = new LinkedHashMap<>();
            if (leaderHeld && running(leader)) {
                // once the leader exited its children were handed to the JVM: they are among the inherited
                addTree(leader, found);
            }
            for (long orphan : SUBREAPER && jna ? inherited() : everyProcess()) {
                if (orphan != leader && orphan != SELF && !LEADERS.contains(orphan) && carries(orphan, marker)) {
                    long start = startTime(orphan);
                    if (start >= 0 && found.putIfAbsent(orphan, start) == null) {
                        addTree(orphan, found);
                    }
                }
            }
            found.entrySet().removeIf(e -> e.getValue().equals(killed.get(e.getKey())));
            if (found.isEmpty()) {
                break;
            }
            for (Map.Entry<Long, Long> process : found.entrySet()) {
                if (kill(process.getKey(), process.getValue(), jna)) {
                    killed.put(process.getKey(), process.getValue());
                }
            }
        }
        if (SUBREAPER && !killed.isEmpty()) {
            // zombies inherited otherwise are reaped by the sweeper: a run that left nothing pays nothing more
            long deadline = System.nanoTime() + REAP_NANOS;
            while (true) {
                reapInherited();
                killed.entrySet().removeIf(e -> !unreaped(e.getKey(), e.getValue()));
                if (killed.isEmpty() || System.nanoTime() - deadline >= 0 || !pause()) {
                    break;
                }
            }
        }
    }

    /** Still running, or a zombie the JVM is to reap: the process killed is not gone yet. */
    private static boolean unreaped(long pid, long start) {
        String[] stat = stat(pid);
        if (stat == null || Long.parseLong(stat[19]) != start) {
            return false;
        }
        return !stat[0].equals("Z") || Long.parseLong(stat[1]) == SELF;
    }

    private static void sweepForever() {
        while (true) {
            try {
                Thread.sleep(SWEEP_MILLIS);
                reapInherited();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "reaping orphans: " + e + "; will keep running");
            }
        }
    }

    /**
     * Reaps the zombies the JVM inherited: not its own children, which have their owners.
     */
    static void reapInherited() {
        if (!SUBREAPER) {
            return;
        }
        Lock alone = SPAWNS.writeLock();
        alone.lock();
        try {
            for (long child : inherited()) {
                if (LEADERS.contains(child)) {
                    continue;
                }
                String[] stat = stat(child);
                // a child the JVM started in its own session (a hook) is waited for by its Process
                if (stat != null && stat[0].equals("Z") && Long.parseLong(stat[3]) != OWN_SESSION) {
                    Libc.waitpid((int) child, new int[1], Libc.WNOHANG);
                }
            }
        } finally {
            alone.unlock();
        }
    }

    /** Adds the descendants of {@code pid} (not {@code pid}) with their start times. */
    private static void addTree(long pid, Map<Long, Long> found) {
        for (long child : children(pid)) {
            long start = startTime(child);
            if (start >= 0 && found.putIfAbsent(child, start) == null) {
                addTree(child, found);
            }
        }
    }

    /** The children of every thread of {@code pid}. */
    private static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                addPids(task.resolve("children"), children);
            }
        } catch (IOException e) {
            // gone: no children left to find there
        }
        return children;
    }

    /**
     * The JVM's inherited children: an orphan goes to the first live thread of its subreaper, the main thread
     * while it lives. The JVM's own children may be listed too (those its main thread started).
     */
    private static List<Long> inherited() {
        List<Long> children = new ArrayList<>();
        if (addPidsNative(children) || addPids(MAIN_THREAD_CHILDREN, children)) {
            return children;
        }
        return children(SELF); // no main thread (a launcher that ended it): orphans go to another thread
    }

    /**
     * {@link #addPids} for the main thread's list, with one open, read and close through libc and no Java channel:
     * asked at the end of every run, and nearly always empty. False when it cannot tell (the list is longer than
     * the buffer, or cannot be read): the caller reads it the usual way.
     */
    private static boolean addPidsNative(List<Long> into) {
        if (MAIN_THREAD_CHILDREN_C == null) {
            return false;
        }
        int fd = Libc.open(MAIN_THREAD_CHILDREN_C, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) {
            return false;
        }
        Memory buffer = CHILDREN_BUFFER.get();
        long n;
        try {
            do {
                n = Libc.read(fd, buffer, CHILDREN_BUFFER_SIZE);
            } while (n < 0 && Libc.errno() == Libc.EINTR);
        } finally {
            Libc.close(fd);
        }
        if (n < 0 || n >= CHILDREN_BUFFER_SIZE) {
            return false;
        }
        if (n > 0) {
            byte[] text = new byte[(int) n];
            buffer.read(0, text, 0, text.length);
            long pid = -1;
            for (byte b : text) {
                if (b >= '0' && b <= '9') {
                    pid = (pid < 0 ? 0 : pid * 10) + (b - '0');
                } else if (pid >= 0) {
                    into.add(pid);
                    pid = -1;
                }
            }
            if (pid >= 0) {
                into.add(pid);
            }
        }
        return true;
    }

    private static Memory cString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        Memory memory = new Memory(bytes.length + 1L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }

    /** False when the file cannot be read: its thread ended. */
    private static boolean addPids(Path childrenFile, List<Long> into) {
        try {
            String text = Files.readString(childrenFile, StandardCharsets.US_ASCII).strip();
            if (!text.isEmpty()) {
                for (String pid : text.split(" ")) {
                    into.add(Long.parseLong(pid));
                }
            }
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static List<Long> everyProcess() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                pids.add(Long.parseLong(p.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: nothing to find
        }
        return pids;
    }

    /** Whether the environment {@code pid} was started with holds {@code marker} ({@code \0NAME=value\0}). */
    private static boolean carries(long pid, byte[] marker) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException e) {
            return false; // gone, or another user's: not ours to kill
        }
        // the first variable has no NUL before it
        outer:
        for (int at = -1; at + marker.length <= environ.length + 1; at++) {
            for (int i = at < 0 ? 1 : 0; i < marker.length; i++) {
                int j = at + i;
                byte b = j == environ.length ? 0 : environ[j];
                if (b != marker[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** SIGKILL to {@code pid} if it is still the process that started at {@code start}; true if sent. */
    private static boolean kill(long pid, long start, boolean jna) {
        if (startTime(pid) != start) {
            return false;
        }
        if (jna) {
            return Libc.kill((int) pid, Libc.SIGKILL) == 0;
        }
        // ProcessHandle checks the start time again right before its kill
        return ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
    }

    private static boolean running(long pid) {
        String[] stat = stat(pid);
        return stat != null && !stat[0].equals("Z");
    }

    /** Field 22 of /proc/pid/stat, in clock ticks after boot; -1 when the process is gone or a zombie. */
    private static long startTime(long pid) {
        String[] stat = stat(pid);
        if (stat == null || stat[0].equals("Z")) {
            return -1;
        }
        return Long.parseLong(stat[19]);
    }

    /** The fields of /proc/pid/stat after the command name: [0] is the state (field 3); null when gone. */
    private static String[] stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long session(long pid) {
        String[] stat = stat(pid);
        return stat == null ? -1 : Long.parseLong(stat[3]);
    }

    /** False when interrupted: the caller stops waiting (what was killed is reaped by a later run's end). */
    private static boolean pause() {
        try {
            Thread.sleep(5);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
