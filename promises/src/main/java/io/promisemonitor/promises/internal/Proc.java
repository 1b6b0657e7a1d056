package io.promisemonitor.promises.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One process as {@code /proc/<pid>/} shows it. {@code startTicks} (field 22 of {@code stat}, clock ticks after
 * boot) tells a process from a later one that got the same PID: a PID with another start time is another process.
 *
 * @param argv the command line; empty for kernel threads and zombies
 */
public record Proc(long pid, String comm, char state, long ppid, long userTicks, long systemTicks, long startTicks,
        List<String> argv) {

    private static final Path PROC = Path.of("/proc");
    private static volatile long ticksPerSecond;
    private static volatile long bootEpochSecond = -1;

    public Proc {
        argv = List.copyOf(argv);
    }

    /** The process now, or empty when there is none with this PID (or it cannot be read). */
    public static Optional<Proc> read(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            // comm may hold spaces and parentheses: it ends at the last ')'
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                return Optional.empty();
            }
            String comm = stat.substring(open + 1, close);
            String[] f = stat.substring(close + 2).split(" ");
            // f[0] is field 3 of proc(5): field n is f[n - 3]
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            List<String> argv = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    argv.add(new String(raw, from, i - from, StandardCharsets.UTF_8));
                    from = i + 1;
                }
            }
            if (from < raw.length) {
                argv.add(new String(raw, from, raw.length - from, StandardCharsets.UTF_8));
            }
            return Optional.of(new Proc(pid, comm, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[11]),
                    Long.parseLong(f[12]), Long.parseLong(f[19]), argv));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every process readable now. */
    public static List<Proc> all() {
        List<Proc> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : dir) {
                read(Long.parseLong(p.getFileName().toString())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc: " + e.getMessage(), e);
        }
        return out;
    }

    /** The arguments joined by spaces; {@code [comm]} for a kernel thread, as ps shows it. */
    public String commandLine() {
        return argv.isEmpty() ? "[" + comm + "]" : String.join(" ", argv);
    }

    /** The process's name as users say it: its comm, or the base name of argv[0] (comm is cut to 15 bytes). */
    public boolean named(String name) {
        if (comm.equals(name)) {
            return true;
        }
        if (argv.isEmpty()) {
            return false;
        }
        String first = argv.get(0);
        return first.substring(first.lastIndexOf('/') + 1).equals(name);
    }

    public boolean isZombie() {
        return state == 'Z' || state == 'X';
    }

    /** Whether this is still the same process (same PID and start time) and alive. */
    public boolean stillRunning() {
        return read(pid).filter(p -> p.startTicks == startTicks && !p.isZombie()).isPresent();
    }

    /** Resident memory in bytes (VmRSS), empty when gone or a kernel thread. */
    public OptionalLong rssBytes() {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).strip().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone in the meantime
        }
        return OptionalLong.empty();
    }

    public Duration cpuTime() {
        return Duration.ofMillis((userTicks + systemTicks) * 1000 / ticksPerSecond());
    }

    /** When it started, from the boot time and its start ticks (to about a second). */
    public Instant startTime() {
        return Instant.ofEpochSecond(bootEpochSecond()).plusMillis(startTicks * 1000 / ticksPerSecond());
    }

    /** USER_HZ, from {@code getconf CLK_TCK}; 100 on every common Linux when that fails. */
    public static long ticksPerSecond() {
        long t = ticksPerSecond;
        if (t == 0) {
            t = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                if (p.waitFor() == 0 && out.matches("\\d{1,6}") && Long.parseLong(out) > 0) {
                    t = Long.parseLong(out);
                }
            } catch (IOException e) {
                // keep 100
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticksPerSecond = t;
        }
        return t;
    }

    static long bootEpochSecond() {
        long b = bootEpochSecond;
        if (b < 0) {
            try {
                for (String line : Files.readAllLines(PROC.resolve("stat"), StandardCharsets.US_ASCII)) {
                    if (line.startsWith("btime ")) {
                        b = Long.parseLong(line.substring(6).strip());
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read /proc/stat: " + e.getMessage(), e);
            }
            if (b < 0) {
                throw new IllegalStateException("/proc/stat has no btime line");
            }
            bootEpochSecond = b;
        }
        return b;
    }

    /** PIDs a watchdog never signals: 1 (init), this JVM, and its parent. */
    public static boolean untouchable(long pid) {
        ProcessHandle self = ProcessHandle.current();
        return pid <= 1 || pid == self.pid() || self.parent().map(ProcessHandle::pid).orElse(-1L) == pid;
    }
}
