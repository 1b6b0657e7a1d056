package io.promisemonitor.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Readers for the value forms keys share: paths with {@code $instance}, lists, URLs, switches. */
public final class Values {

    private Values() {
    }

    /** Expands {@code $instance} and {@code ${instance}}, the only variables these files know. */
    public static String expand(String raw, Path instanceRoot) {
        String root = instanceRoot.toString();
        return raw.replace("${instance}", root).replace("$instance", root);
    }

    /** A path; a relative one is taken from the instance root. */
    public static Path path(String raw, Path instanceRoot) {
        String expanded = expand(raw.strip(), instanceRoot);
        if (expanded.isEmpty()) {
            throw new IllegalArgumentException("is empty; allowed: a path such as $instance/srv/monitor/public");
        }
        if (expanded.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + raw + "' holds a NUL character; allowed: a path");
        }
        try {
            return instanceRoot.resolve(expanded).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a path: " + e.getReason());
        }
    }

    /**
     * A path list as SlapOS writes it: items on one line separated by spaces (Python's {@code .split()}) or one a
     * line; a path holding a space is written in double or single quotes. A value that was one JSON string
     * literal gives one path per line of its text, spaces kept.
     */
    public static List<Path> pathList(IniFile.Entry entry, Path instanceRoot) {
        return paths(words(entry), instanceRoot);
    }

    /** The value's words over all its lines (a JSON string literal: its lines, whole). */
    public static List<String> words(IniFile.Entry entry) {
        if (entry.isJsonLiteral()) {
            return entry.items();
        }
        List<String> words = new ArrayList<>();
        for (String item : entry.items()) {
            words.addAll(words(item));
        }
        return words;
    }

    /** Splits on whitespace; {@code "..."} and {@code '...'} keep their spaces (no backslash escapes: paths). */
    public static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("'" + line + "' has an unclosed quote " + c + "; allowed:"
                            + " paths separated by spaces, a path holding a space in quotes");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    public static List<Path> paths(List<String> items, Path instanceRoot) {
        List<Path> out = new ArrayList<>();
        for (String item : items) {
            out.add(path(item, instanceRoot));
        }
        return out;
    }

    /** An absolute http or https URL; the path is given a trailing slash so relative URLs resolve under it. */
    public static URI baseUrl(String raw) {
        String text = raw.strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new URISyntaxException(text, "not http or https");
            }
            if (!text.endsWith("/")) {
                uri = new URI(text + "/");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a URL; allowed: an absolute http:// or https://"
                    + " URL such as https://monitor.example.net/");
        }
    }

    public static List<URI> baseUrls(List<String> items) {
        List<URI> out = new ArrayList<>();
        for (String item : items) {
            out.add(baseUrl(item));
        }
        return out;
    }

    public static boolean yesNo(String raw) {
        switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "yes": case "true": case "on": case "1": return true;
            case "no": case "false": case "off": case "0": return false;
            default: throw new IllegalArgumentException("'" + raw + "' is not a switch; allowed: yes or no");
        }
    }

    /**
     * The constant of {@code type} whose name is {@code raw} in any case ({@code problems} for {@code PROBLEMS}); the
     * message lists the constants in lower case, in their order.
     */
    public static <E extends Enum<E>> E word(String raw, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw.strip())) {
                return e;
            }
        }
        E[] all = type.getEnumConstants();
        StringBuilder allowed = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            allowed.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ")
                    .append(all[i].name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("'" + raw + "' is not allowed; allowed: " + allowed);
    }

    public static int wholeNumber(String raw, int min, int max) {
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("'" + raw + "' is not allowed; allowed: a whole number from " + min
                + " to " + max);
    }

    /** One line value; a key given several lines where one is expected is refused. */
    public static String single(IniFile.Entry entry) {
        List<String> items = entry.items();
        if (items.size() > 1) {
            throw new IllegalArgumentException("takes one value, got " + items.size() + " lines: " + items);
        }
        return items.isEmpty() ? "" : items.get(0);
    }
}
