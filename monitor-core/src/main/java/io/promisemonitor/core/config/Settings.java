package io.promisemonitor.core.config;

import java.util.HashMap;
import java.util.Map;

/** The values of registered keys of one section, looked up by their {@link ConfigKey}. */
public final class Settings {

    private final Map<ConfigKey<?>, Object> values;

    public Settings(Map<ConfigKey<?>, Object> values) {
        this.values = new HashMap<>(values);
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
