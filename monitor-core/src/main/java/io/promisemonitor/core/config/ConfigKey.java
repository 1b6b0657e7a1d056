package io.promisemonitor.core.config;

/** Placeholder; replaced by the key registry. */
public final class ConfigKey<T> {
    private final Class<T> type;

    public ConfigKey(Class<T> type) {
        this.type = type;
    }

    public Class<T> type() {
        return type;
    }
}
