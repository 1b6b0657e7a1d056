package io.promisemonitor.core.promise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options of a built-in promise: the {@code [promise]} section of a {@code .cfg}, or the
 * {@code --option value} pairs of {@code monitor check}. Every accessor names the option and the source in its
 * error messages ({@link OptionException}), in one shape: {@code <source>: option 'name' is 'value', allowed: ...}.
 */
public final class PromiseOptions {

    private final String source;
    private final Map<String, List<String>> values;

    /**
     * @param source where the options come from, for messages ({@code etc/monitor-promise/disk.cfg [promise]})
     * @param values option name (lower case, without dashes in front) to its values, one or more
     */
    public PromiseOptions(String source, Map<String, List<String>> values) {
        this.source = source;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.values = Map.copyOf(copy);
    }

    public static PromiseOptions empty(String source) {
        return new PromiseOptions(source, Map.of());
    }

    public String source() {
        return source;
    }

    public Set<String> names() {
        return values.keySet();
    }

    public Optional<String> get(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        if (list.size() > 1) {
            throw new OptionException(source + ": option '" + name + "' takes one value, got " + list.size() + ": "
                    + list);
        }
        return Optional.of(list.get(0));
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new OptionException(source + ": option '" + name + "' is required"));
    }

    public List<String> list(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** A duration of at most {@link Durations#MAX_INTERVAL}, or {@code fallback} when absent. */
    public Duration duration(String name, Duration fallback) {
        return duration(name, fallback, Durations.MAX_INTERVAL);
    }

    /** A duration of at most {@code max} ({@link Durations#MAX_TIMEOUT} for a timeout), or {@code fallback}. */
    public Duration duration(String name, Duration fallback, Duration max) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        Duration d;
        try {
            d = Durations.parse(raw.get());
        } catch (IllegalArgumentException e) {
            throw new OptionException(source + ": option '" + name + "': " + e.getMessage());
        }
        if (d.compareTo(max) > 0) {
            throw new OptionException(source + ": option '" + name + "' is '" + raw.get() + "', allowed: a duration"
                    + " up to " + Durations.format(max));
        }
        return d;
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get().trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new OptionException(source + ": option '" + name + "' is '" + raw.get()
                    + "', allowed: a whole number from " + min + " to " + max);
        }
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        switch (raw.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "yes": case "true": case "on": case "1": return true;
            case "no": case "false": case "off": case "0": return false;
            default:
                throw new OptionException(source + ": option '" + name + "' is '" + raw.get()
                        + "', allowed: yes or no");
        }
    }

    /** Fails when an option outside {@code allowed} was given, suggesting the nearest allowed one. */
    public void requireOnly(Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String name = unknown.get(0);
            throw new OptionException(source + ": unknown option '" + name + "'"
                    + io.promisemonitor.core.promise.DidYouMean.suggest(name, allowed)
                    + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
    }

    /** {@code <source>: option 'name' is 'value', allowed: ...}, the one shape of every option message. */
    public OptionException bad(String name, String value, String allowed) {
        return new OptionException(source + ": option '" + name + "' is '" + value + "', allowed: " + allowed);
    }

    /** The non-blank items of a list option, commas kept (regexes and globs may hold them). */
    public List<String> items(String name) {
        List<String> items = new ArrayList<>();
        for (String value : list(name)) {
            if (!value.isBlank()) {
                items.add(value.strip());
            }
        }
        return items;
    }

    /**
     * The items of a list option where commas also separate items ({@code warning = 10%, 5GiB}): one per
     * continuation line in a {@code .cfg}, one per repetition on the command line, or comma separated.
     */
    public List<String> commaItems(String name) {
        List<String> items = new ArrayList<>();
        for (String value : list(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.strip());
                }
            }
        }
        return items;
    }

    /** {@code value} (one of option {@code name}'s) compiled as a Java regular expression. */
    public Pattern regex(String name, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw bad(name, value, "a Java regular expression (" + e.getDescription() + " near index "
                    + e.getIndex() + ")");
        }
    }

    /** A whole number from min to max, or the fallback when absent. */
    public long count(String name, long fallback, long min, long max) {
        String raw = get(name).orElse(null);
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
        throw bad(name, raw, "a whole number from " + min + " to " + max);
    }
}
