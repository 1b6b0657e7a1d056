package io.promisemonitor.promises.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/** Option parsing and message helpers shared by the built-ins. Not an API. */
public final class Values {

    private Values() {
    }

    /** {@code path} resolved against {@code root} when relative. */
    public static Path resolve(Path root, String path) {
        return root.resolve(path).normalize();
    }

    /** {@code text} on one line (controls shown as spaces) and at most {@code max} characters. */
    public static String cut(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max + 8));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        String s = b.toString().strip();
        return text.length() > max ? s + " [...]" : s;
    }

    /** {@code 1.5 GiB}, {@code 512.0 KiB}, {@code 10 B}. */
    public static String bytes(long n) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** {@code 12.3} */
    public static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Why a file could not be read, without the exception's class name: {@code does not exist}. */
    public static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is not a folder";
        }
        if (e instanceof FileSystemException) {
            String reason = ((FileSystemException) e).getReason();
            if (reason != null) {
                return reason.toLowerCase(Locale.ROOT).equals("is a directory") ? "is a folder, not a file"
                        : lowerFirst(reason);
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : lowerFirst(m);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
