package io.promisemonitor.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/** Fixtures: executable scripts in a temporary folder, and waiting on real processes with a deadline. */
final class Scripts {

    private Scripts() {
    }

    static Path script(Path folder, String name, String body) {
        Path file = folder.resolve(name);
        try {
            Files.writeString(file, body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path bash(Path folder, String name, String body) {
        return script(folder, name, "#!/bin/bash\n" + body + "\n");
    }

    /** Polls a condition about real processes until it holds or the deadline passes; returns whether it held. */
    static boolean eventually(Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** Alive and not a zombie: a zombie has been killed and only waits for its new parent to reap it. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code pid} leads its own process group yet (setsid has run): field 5 of /proc/<pid>/stat. */
    static boolean leadsItsGroup(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]) == pid;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    static long pidIn(Path file) {
        OptionalLong pid = OptionalLong.empty();
        if (eventually(Duration.ofSeconds(10), () -> readPid(file).isPresent())) {
            pid = readPid(file);
        }
        return pid.orElseThrow(() -> new AssertionError("no pid written to " + file));
    }

    private static OptionalLong readPid(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The processes whose command line holds {@code marker}: what a test left running, if anything. */
    static java.util.List<Long> withMarker(String marker) {
        byte[] wanted = marker.getBytes(StandardCharsets.UTF_8);
        java.util.List<Long> found = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                try {
                    if (running(pid) && contains(Files.readAllBytes(p.resolve("cmdline")), wanted)) {
                        found.add(pid);
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Kills what a test left running, found by the marker in its command line; for finally blocks. */
    static void killMarked(String marker) {
        withMarker(marker).forEach(Scripts::killQuietly);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static void killQuietly(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
