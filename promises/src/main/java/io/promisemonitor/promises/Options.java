package io.promisemonitor.promises;

import io.promisemonitor.core.promise.PromiseOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the options of a built-in from Java, the same as a {@code [promise]} section would:
 *
 * <pre>{@code
 * Promise disk = new DiskSpacePromise().create(Options.of("backup job")
 *         .add("path", "/srv/backup").add("warning", "10%").build());
 * }</pre>
 *
 * Adding a name again adds one more value (a list item).
 */
public final class Options {

    private final String source;
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Options(String source) {
        this.source = source;
    }

    /** @param source names where the options come from, in error messages */
    public static Options of(String source) {
        return new Options(source);
    }

    public Options add(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public PromiseOptions build() {
        return new PromiseOptions(source, values);
    }
}
