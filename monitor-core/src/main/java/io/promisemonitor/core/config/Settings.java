package io.promisemonitor.core.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The values of registered keys of one section, looked up by their {@link ConfigKey}. */
public final class Settings {

    private final Map<ConfigKey<?>, Object> values;
    private final Set<ConfigKey<?>> given;

    public Settings(Map<ConfigKey<?>, Object> values) {
        this(values, Set.of());
    }

    /** {@code given}: the keys the file set, as opposed to defaulted. */
    public Settings(Map<ConfigKey<?>, Object> values, Set<ConfigKey<?>> given) {
        this.values = new HashMap<>(values);
        this.given = Set.copyOf(given);
    }

    /** These settings and another section's, in one. */
    public Settings with(Settings other) {
        Map<ConfigKey<?>, Object> all = new HashMap<>(values);
        all.putAll(other.values);
        Set<ConfigKey<?>> allGiven = new HashSet<>(given);
        allGiven.addAll(other.given);
        return new Settings(all, allGiven);
    }

    /** Whether the file set {@code key} (rather than leaving its default). */
    public boolean isGiven(ConfigKey<?> key) {
        return given.contains(key);
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    /** The value read or defaulted for {@code key}; null for a key not read (another section's, or empty). */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }
}
