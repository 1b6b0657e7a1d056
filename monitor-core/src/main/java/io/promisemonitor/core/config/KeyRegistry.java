package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.DidYouMean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The keys of one section of one kind of file, in the order they are read (a default may use a key registered
 * before it). Reading a section checks every key: unknown ones get a did-you-mean, SlapOS keys we do not use
 * are accepted and ignored.
 */
public final class KeyRegistry {

    private final String file;
    private final String section;
    private final List<ConfigKey<?>> keys = new ArrayList<>();
    private final Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    private final Set<String> ignored = new TreeSet<>();

    public KeyRegistry(String file, String section) {
        this.file = file;
        this.section = section;
    }

    public <T> ConfigKey<T> register(String name, String defaultText, String meaning, ConfigKey.Parser<T> parser,
            Function<ConfigKey.Context, T> defaultValue, String... aliases) {
        ConfigKey<T> key = new ConfigKey<>(file, section, name, List.of(aliases), defaultText, meaning, parser,
                defaultValue);
        keys.add(key);
        byName.put(name, key);
        for (String alias : aliases) {
            byName.put(alias, key);
        }
        return key;
    }

    /** A key SlapOS writes that this monitor does not need: accepted and ignored. */
    public void ignore(String name) {
        ignored.add(name);
    }

    public List<ConfigKey<?>> keys() {
        return Collections.unmodifiableList(keys);
    }

    public Set<String> ignoredKeys() {
        return Collections.unmodifiableSet(ignored);
    }

    public String section() {
        return section;
    }

    /** Reads a section; problems go to {@code problems}, and a bad key keeps its default so reading goes on. */
    public Settings read(IniFile.Section source, Path file, Path instanceRoot, String serviceName,
            List<ConfigProblem> problems) {
        return read(source, file, instanceRoot, serviceName, problems, new ArrayList<>());
    }

    /**
     * Reads a section as {@link #read(IniFile.Section, Path, Path, String, List)} does; SlapOS keys not used and
     * doubtful path values go to {@code notes}.
     */
    public Settings read(IniFile.Section source, Path file, Path instanceRoot, String serviceName,
            List<ConfigProblem> problems, List<ConfigNote> notes) {
        Map<ConfigKey<?>, IniFile.Entry> given = new HashMap<>();
        for (IniFile.Entry entry : source.entries().values()) {
            ConfigKey<?> key = byName.get(entry.key());
            if (key == null) {
                if (ignored.contains(entry.key())) {
                    notes.add(ConfigNote.info(file, entry.line(), "[" + section + "] " + entry.key()
                            + ": SlapOS key, not used"));
                } else {
                    Set<String> known = new TreeSet<>(byName.keySet());
                    problems.add(new ConfigProblem(file, entry.line(), "unknown key '" + entry.key() + "' in ["
                            + section + "]" + DidYouMean.suggest(entry.key(), known)));
                }
                continue;
            }
            IniFile.Entry earlier = given.put(key, entry);
            if (earlier != null) {
                problems.add(new ConfigProblem(file, entry.line(), "key '" + entry.key() + "' sets '" + key.name()
                        + "' again (first at line " + earlier.line() + ")"));
            }
        }
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        ConfigKey.Context context = new ConfigKey.Context() {
            @Override
            public Path instanceRoot() {
                return instanceRoot;
            }

            @Override
            public String serviceName() {
                return serviceName;
            }

            @Override
            @SuppressWarnings("unchecked")
            public <V> V get(ConfigKey<V> earlierKey) {
                return (V) values.get(earlierKey);
            }
        };
        for (ConfigKey<?> key : keys) {
            IniFile.Entry entry = given.get(key);
            Object value = null;
            if (entry != null) {
                try {
                    value = key.parse(entry, context);
                    if (isPath(value)) {
                        notes.addAll(inlineComments(entry, file));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem(file, e instanceof BadLine bad ? bad.line() : entry.line(),
                            key.name() + " " + e.getMessage()));
                }
            }
            if (value == null) {
                value = key.defaultValue(context);
            }
            values.put(key, value);
        }
        return new Settings(instanceRoot, serviceName, values, given.keySet());
    }

    private static boolean isPath(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() && optional.get() instanceof Path;
        }
        if (value instanceof List<?> list) {
            return !list.isEmpty() && list.get(0) instanceof Path;
        }
        return value instanceof Path;
    }

    /**
     * Our reader keeps {@code #} and {@code ;} after a value as part of it; SlapOS's Python 2 reader cuts a comment
     * at {@code " ;"} but not at {@code " #"}. Either way a path holding one is most likely a comment gone wrong.
     */
    private static List<ConfigNote> inlineComments(IniFile.Entry entry, Path file) {
        List<ConfigNote> notes = new ArrayList<>();
        for (int i = 0; i < entry.lines().size(); i++) {
            String line = entry.lines().get(i);
            for (String mark : List.of(" #", " ;")) {
                if (line.contains(mark) || line.contains("\t" + mark.strip())) {
                    notes.add(ConfigNote.warning(file, entry.line() + i, entry.key() + " '" + line.strip()
                            + "' holds '" + mark.strip() + "' after a space, read as part of the path"
                            + (mark.equals(" ;") ? " here but as a comment by SlapOS" : "")
                            + "; allowed: comments on a line of their own"));
                    break;
                }
            }
        }
        return notes;
    }
}
