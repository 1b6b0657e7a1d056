package io.promisemonitor.promises.internal;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.promise.PromiseOptions;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Option parsing and message helpers shared by the built-ins. Not an API. */
public final class Values {

    private Values() {
    }

    /** {@code <source>: option 'name' is 'value', allowed: ...}, the one shape of every option message. */
    public static ConfigException bad(PromiseOptions options, String name, String value, String allowed) {
        return new ConfigException(options.source() + ": option '" + name + "' is '" + value + "', allowed: "
                + allowed);
    }

    /**
     * The items of a list option where commas also separate items ({@code warning = 10%, 5GiB}): one per
     * continuation line in a {@code .cfg}, one per repetition on the command line, or comma separated.
     */
    public static List<String> commaItems(PromiseOptions options, String name) {
        List<String> items = new ArrayList<>();
        for (String value : options.list(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.strip());
                }
            }
        }
        return items;
    }

    /** The non-blank items of a list option, commas kept (regexes and globs may hold them). */
    public static List<String> items(PromiseOptions options, String name) {
        List<String> items = new ArrayList<>();
        for (String value : options.list(name)) {
            if (!value.isBlank()) {
                items.add(value.strip());
            }
        }
        return items;
    }

    public static Pattern regex(PromiseOptions options, String name, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw bad(options, name, value, "a Java regular expression (" + e.getDescription() + " near index "
                    + e.getIndex() + ")");
        }
    }

    /** A whole number from min to max, or the fallback when absent. */
    public static long count(PromiseOptions options, String name, long fallback, long min, long max) {
        String raw = options.get(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw bad(options, name, raw, "a whole number from " + min + " to " + max);
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
