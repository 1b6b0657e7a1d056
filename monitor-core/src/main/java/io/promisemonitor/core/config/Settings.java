package io.promisemonitor.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The values of registered keys of one section, looked up by their {@link ConfigKey}. A key the file did not set,
 * or that was not read at all (another section's), has its registered default: defaults live in the key registry
 * only, so a configuration built in code behaves as an empty file would.
 */
public final class Settings {

    private final Path instanceRoot;
    private final String serviceName;
    private final Map<ConfigKey<?>, Object> values;
    private final Set<ConfigKey<?>> given;

    /**
     * {@code given}: the keys the file set, as opposed to defaulted; {@code serviceName} is null in monitor.conf.
     */
    Settings(Path instanceRoot, String serviceName, Map<ConfigKey<?>, Object> values, Set<ConfigKey<?>> given) {
        this.instanceRoot = Objects.requireNonNull(instanceRoot, "instanceRoot");
        this.serviceName = serviceName;
        this.values = new HashMap<>(values);
        this.given = Set.copyOf(given);
    }

    /** Nothing set: every key has its registered default for an instance at {@code instanceRoot}. */
    public static Settings defaults(Path instanceRoot) {
        return new Settings(instanceRoot, null, Map.of(), Set.of());
    }

    /** These settings and another section's, in one. */
    public Settings with(Settings other) {
        Map<ConfigKey<?>, Object> all = new HashMap<>(values);
        all.putAll(other.values);
        Set<ConfigKey<?>> allGiven = new HashSet<>(given);
        allGiven.addAll(other.given);
        return new Settings(instanceRoot, serviceName, all, allGiven);
    }

    /**
     * These settings with {@code key} set to {@code value}, as if the file said so; keys whose default follows it
     * and that were not read keep following it.
     */
    public <T> Settings with(ConfigKey<T> key, T value) {
        Map<ConfigKey<?>, Object> all = new HashMap<>(values);
        all.put(key, Objects.requireNonNull(value, "value"));
        Set<ConfigKey<?>> allGiven = new HashSet<>(given);
        allGiven.add(key);
        return new Settings(instanceRoot, serviceName, all, allGiven);
    }

    /** Whether the file set {@code key} (rather than leaving its default). */
    public boolean isGiven(ConfigKey<?> key) {
        return given.contains(key);
    }

    /** The value read for {@code key}, or its registered default. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        return value != null ? (T) value : key.defaultValue(context);
    }

    /** What a default is worked out from: the instance, the service, and the keys it follows. */
    private final ConfigKey.Context context = new ConfigKey.Context() {
        @Override
        public Path instanceRoot() {
            return instanceRoot;
        }

        @Override
        public String serviceName() {
            return serviceName;
        }

        @Override
        public <V> V get(ConfigKey<V> earlier) {
            return Settings.this.get(earlier);
        }
    };
}
