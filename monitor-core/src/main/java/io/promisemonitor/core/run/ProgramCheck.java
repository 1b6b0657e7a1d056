package io.promisemonitor.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Looks at a program before it is started, whichever way it is started: the PATH search, the #! interpreter, the
 * ELF machine. setsid would only say "failed to execute", posix_spawn gives an errno, and execvp runs a file it
 * cannot execute with /bin/sh; a look says what is wrong in words. One per {@link ProcessRunner}, which keeps
 * its last look at each program.
 */
final class ProgramCheck {

    private static final int HEAD_BYTES = 256;
    /** glibc's execvp search path when PATH is unset. */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    private record Look(Object fileKey, long size, long modified, Set<PosixFilePermission> mode, Check check) {
    }

    /**
     * The last look at each program, reused while one stat finds the file unchanged (same inode, size, mode and
     * modification time): looking afresh costs eight system calls and a read per run, for a script that rarely
     * changes.
     */
    private final ConcurrentMap<Path, Look> looks = new ConcurrentHashMap<>();

    /** Why {@code program} (found at {@code path}) cannot run, or whether it is text without #!. */
    Check check(String program, Path path) {
        PosixFileAttributes now;
        try {
            now = Files.readAttributes(path, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            looks.remove(path);
            return checkProgram(program, path);
        }
        Look last = looks.get(path);
        long modified = now.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        if (last != null && Objects.equals(last.fileKey, now.fileKey()) && last.size == now.size()
                && last.modified == modified && last.mode.equals(now.permissions())) {
            return last.check;
        }
        Check check = checkProgram(program, path);
        if (now.isRegularFile() && now.fileKey() != null) {
            if (looks.size() >= 10_000) {
                looks.clear(); // promises come from .cfg files: more than this means names that keep changing
            }
            looks.put(path, new Look(now.fileKey(), now.size(), modified, now.permissions(), check));
        }
        return check;
    }

    /** Why a program will not be started, and the exit status a shell would give for it. */
    record Refusal(String message, int exitCode) {
        static Optional<Refusal> notFound(String message) {
            return Optional.of(new Refusal(message, ProcessOutcome.NOT_FOUND));
        }
    }

    /**
     * What the look at a program found: a refusal, or whether it is text without #! (which execvp hands to
     * /bin/sh and posix_spawn does not), and the file found in PATH.
     */
    record Check(Refusal refusal, boolean textWithoutShebang, String foundAt) {
        static final Check PASSED = new Check(null, false, null);
        static final Check TEXT_WITHOUT_SHEBANG = new Check(null, true, null);

        static Check notFound(String message) {
            return new Check(new Refusal(message, ProcessOutcome.NOT_FOUND), false, null);
        }

        static Check cannotExecute(String message) {
            return new Check(new Refusal(message, ProcessOutcome.CANNOT_EXECUTE), false, null);
        }

        Check foundAt(String path) {
            return new Check(refusal, textWithoutShebang, path);
        }
    }

    /**
     * After an exec failed although the look at the program passed: a look kept from an earlier run may be out of
     * date (its #! interpreter removed since), so look afresh to say why.
     */
    Optional<Refusal> lookAgain(String program, Path path) {
        looks.remove(path);
        return Optional.ofNullable(check(program, path).refusal());
    }

    static Optional<Refusal> checkDirectory(Path workingDirectory) {
        if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
            return Refusal.notFound("working directory " + workingDirectory + " does not exist");
        }
        return Optional.empty();
    }

    /**
     * Explains, before starting it, why a program cannot run: setsid would only say "failed to execute", and
     * execvp runs a file it cannot execute with /bin/sh, which turns binary junk into shell syntax errors.
     */
    private static Check checkProgram(String program, Path path) {
        if (!Files.exists(path)) {
            return Check.notFound("promise " + program + " does not exist");
        }
        if (Files.isDirectory(path)) {
            return Check.cannotExecute("promise " + program + " is a directory, not a program");
        }
        if (!Files.isExecutable(path)) {
            return Check.cannotExecute("promise " + program + " is not executable (chmod +x it)");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            return Check.PASSED; // executable but unreadable is legal for a binary: let exec decide
        }
        if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
            return checkInterpreter(program, head);
        }
        if (isElf(head)) {
            return checkMachine(program, head);
        }
        for (byte b : head) {
            if (b == 0) {
                return Check.cannotExecute("promise " + program + " cannot be executed: it is neither a script"
                        + " starting with #! nor a program for this machine (exec format error)");
            }
        }
        return Check.TEXT_WITHOUT_SHEBANG; // /bin/sh runs it, as execvp always did
    }

    private static Check checkInterpreter(String program, byte[] head) {
        String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8);
        int end = line.indexOf('\n');
        line = (end < 0 ? line : line.substring(0, end)).strip();
        String interpreter = line.split("[ \t]+", 2)[0];
        if (interpreter.isEmpty()) {
            return Check.cannotExecute("promise " + program
                    + " cannot be executed: its #! line names no interpreter");
        }
        Path path = Paths.get(interpreter);
        if (!Files.exists(path)) {
            return Check.notFound("promise " + program + " names interpreter " + interpreter
                    + " in its #! line, which does not exist");
        }
        if (Files.isDirectory(path) || !Files.isExecutable(path)) {
            return Check.cannotExecute("promise " + program + " names interpreter " + interpreter
                    + " in its #! line, which is not executable");
        }
        return Check.PASSED;
    }

    private static boolean isElf(byte[] head) {
        return head.length >= 20 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    private static Check checkMachine(String program, byte[] head) {
        boolean littleEndian = head[5] == 1;
        int low = littleEndian ? 18 : 19;
        int high = littleEndian ? 19 : 18;
        int machine = (head[low] & 0xff) | (head[high] & 0xff) << 8;
        int expected = elfMachine(System.getProperty("os.arch", ""));
        if (expected != 0 && machine != expected) {
            return Check.cannotExecute("promise " + program + " cannot be executed: it is a program for another"
                    + " kind of machine (exec format error)");
        }
        return Check.PASSED;
    }

    private static int elfMachine(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64": case "x86_64": return 62;
            case "aarch64": return 183;
            case "x86": case "i386": case "i686": return 3;
            case "arm": return 40;
            case "riscv64": return 243;
            case "ppc64le": case "ppc64": return 21;
            case "s390x": return 22;
            default: return 0; // unknown: do not guess
        }
    }

    /**
     * Finds {@code name} in the PATH the program will get, as execvp would: the first executable regular file;
     * a file found but not executable is "Permission denied" when nothing better comes later.
     */
    static Check searchPath(String name, Map<String, String> environment, Path workingDirectory) {
        String searchPath = environment.containsKey("PATH") ? environment.get("PATH") : System.getenv("PATH");
        if (searchPath == null) {
            searchPath = DEFAULT_PATH;
        }
        boolean denied = false;
        for (String entry : searchPath.split(":", -1)) {
            Path candidate = resolve(entry.isEmpty() ? "." : entry, workingDirectory).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Check.PASSED.foundAt(candidate.toString());
            }
            denied |= Files.exists(candidate);
        }
        if (denied) {
            return Check.cannotExecute("promise " + name + " cannot be executed: Permission denied");
        }
        return Check.notFound("promise " + name + " does not exist in PATH");
    }

    static Path resolve(String path, Path workingDirectory) {
        Path p = Paths.get(path);
        return p.isAbsolute() || workingDirectory == null ? p : workingDirectory.resolve(p);
    }
}
