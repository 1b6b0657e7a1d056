package io.promisemonitor.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Writes files that other processes read: to a temporary file in the same folder, then renamed over the old one,
 * so a reader sees the old or the new content, never half of one. A file whose content is unchanged is not
 * rewritten, to spare flash storage.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes {@code content} unless the file already holds exactly it; returns whether it wrote. */
    public static boolean writeIfChanged(Path file, byte[] content) {
        Set<PosixFilePermission> mode = null;
        try {
            // one stat tells the type, the size and the mode the new file must keep
            PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
            mode = old.permissions();
            if (old.isRegularFile() && old.size() == content.length
                    && Arrays.equals(Files.readAllBytes(file), content)) {
                return false;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no old file, or an unreadable one: replace it
        }
        replace(file, temp -> Files.write(temp, content), mode);
        return true;
    }

    /**
     * Like {@link #writeIfChanged(Path, byte[])} for a caller that has just read the file: {@code current} is what
     * it read, or empty when there was no readable file; saves reading it a second time.
     */
    public static boolean writeIfChanged(Path file, byte[] content, Optional<byte[]> current) {
        if (current.isPresent() && Arrays.equals(current.get(), content)) {
            return false;
        }
        write(file, content);
        return true;
    }

    public static boolean writeIfChanged(Path file, String content) {
        return writeIfChanged(file, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, byte[] content) {
        replace(file, temp -> Files.write(temp, content), null);
    }

    private static Set<PosixFilePermission> permissionsFor(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return PosixFilePermissions.fromString("rw-r--r--");
        }
    }

    /** Writes text as it is produced, into the temporary file: a large page never sits whole in memory. */
    @FunctionalInterface
    public interface TextWriter {
        void writeTo(java.io.Writer out) throws IOException;
    }

    /** Like {@link #write(Path, String)}, for text produced piece by piece (UTF-8). */
    public static void write(Path file, TextWriter text) {
        replace(file, temp -> {
            try (java.io.Writer out = Files.newBufferedWriter(temp, java.nio.charset.StandardCharsets.UTF_8)) {
                text.writeTo(out);
            }
        }, null);
    }

    /**
     * Fills a temporary file beside {@code file}, gives it {@code file}'s mode ({@code mode} when the caller already
     * knows it, else looked up) and renames it over {@code file}.
     */
    private static void replace(Path file, TempFiller fill, Set<PosixFilePermission> mode) {
        Path folder = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            String prefix = "." + file.getFileName() + ".";
            try {
                temp = Files.createTempFile(folder, prefix, ".tmp");
            } catch (NoSuchFileException e) {
                // the folder is there nearly always: create it only when missing, not with a mkdir on every write
                Files.createDirectories(folder);
                temp = Files.createTempFile(folder, prefix, ".tmp");
            }
            fill.fill(temp);
            // createTempFile makes owner-only files; another user's web server (nginx) must still read them.
            Files.setPosixFilePermissions(temp, mode != null ? mode : permissionsFor(file));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @FunctionalInterface
    private interface TempFiller {
        void fill(Path temp) throws IOException;
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a stray temp file is harmless and named after its target
            }
        }
    }

    public static void write(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
