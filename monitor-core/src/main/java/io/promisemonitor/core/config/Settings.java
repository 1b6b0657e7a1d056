package io.promisemonitor.core.config;

import java.util.Map;

/** Values of registered keys, looked up by their {@link ConfigKey}; keys added by later features live here. */
public final class Settings {

    private final Map<ConfigKey<?>, Object> values;

    public Settings(Map<ConfigKey<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    public <T> T get(ConfigKey<T> key) {
        return key.type().cast(values.get(key));
    }
}
