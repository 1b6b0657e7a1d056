package io.promisemonitor.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One documented configuration key: where it lives, its default, what it means and how its value is read.
 * Keys are registered in {@link MonitorKeys} and {@link ServiceKeys}, one place per file, so a feature adds its
 * keys there and the reader, {@code monitor validate} and the table of docs/configuration.md all follow.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {

    /** Reads a raw value; throws {@link IllegalArgumentException} with a message quoting the value. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(IniFile.Entry entry, Context context);
    }

    /** What a parser or default may see: the instance root and the keys of the same section read before it. */
    public interface Context {
        Path instanceRoot();

        /** The name of the service being read, or null in monitor.conf. */
        String serviceName();

        <V> V get(ConfigKey<V> earlier);
    }

    private final String file;
    private final String section;
    private final String name;
    private final List<String> aliases;
    private final String defaultText;
    private final String meaning;
    private final Parser<T> parser;
    private final Function<Context, T> defaultValue;

    ConfigKey(String file, String section, String name, List<String> aliases, String defaultText, String meaning,
            Parser<T> parser, Function<Context, T> defaultValue) {
        this.file = file;
        this.section = section;
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.defaultText = defaultText;
        this.meaning = meaning;
        this.parser = parser;
        this.defaultValue = defaultValue;
    }

    public String file() {
        return file;
    }

    public String section() {
        return section;
    }

    public String name() {
        return name;
    }

    /** Older names accepted for the same key (SlapOS's). */
    public List<String> aliases() {
        return aliases;
    }

    public String defaultText() {
        return defaultText;
    }

    public String meaning() {
        return meaning;
    }

    T parse(IniFile.Entry entry, Context context) {
        return parser.parse(entry, context);
    }

    T defaultValue(Context context) {
        return defaultValue.apply(context);
    }

    @Override
    public String toString() {
        return "[" + section + "] " + name;
    }
}
