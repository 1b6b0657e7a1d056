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
