package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseProvider;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.promise.DidYouMean;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The built-in promises known to this process: those on the class path and those in the jars of the instance's
 * {@code lib/} folder, found with {@link ServiceLoader}.
 */
public final class PromiseRegistry {

    private final Map<String, PromiseProvider> providers;
    private final List<String> loadProblems;

    private PromiseRegistry(Map<String, PromiseProvider> providers, List<String> loadProblems) {
        this.providers = Collections.unmodifiableMap(providers);
        this.loadProblems = List.copyOf(loadProblems);
    }

    /** Providers on the class path only. */
    public static PromiseRegistry fromClassPath() {
        return load(PromiseRegistry.class.getClassLoader(), List.of());
    }

    /** Providers on the class path and in {@code <libFolder>/*.jar}; a missing folder adds nothing. */
    public static PromiseRegistry withInstanceLib(Path libFolder) {
        List<URL> jars = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(libFolder, "*.jar")) {
            for (Path jar : stream) {
                try {
                    jars.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    problems.add(jar + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            return fromClassPath();
        } catch (IOException e) {
            problems.add(libFolder + ": cannot list the folder: " + e.getMessage());
        }
        jars.sort(java.util.Comparator.comparing(URL::toString));
        ClassLoader loader = jars.isEmpty() ? PromiseRegistry.class.getClassLoader()
                : new URLClassLoader("instance-lib", jars.toArray(new URL[0]), PromiseRegistry.class.getClassLoader());
        PromiseRegistry registry = load(loader, problems);
        return registry;
    }

    private static PromiseRegistry load(ClassLoader loader, List<String> problems) {
        Map<String, PromiseProvider> found = new TreeMap<>();
        List<String> allProblems = new ArrayList<>(problems);
        var iterator = ServiceLoader.load(PromiseProvider.class, loader).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                PromiseProvider provider = iterator.next();
                PromiseProvider earlier = found.putIfAbsent(provider.name(), provider);
                if (earlier != null && earlier.getClass() != provider.getClass()) {
                    allProblems.add("built-in promise '" + provider.name() + "' is provided twice, by "
                            + earlier.getClass().getName() + " and " + provider.getClass().getName()
                            + "; the first is used");
                }
            } catch (ServiceConfigurationError e) {
                // A broken jar in lib/ must not take the monitor down with it.
                allProblems.add("cannot load a built-in promise: " + e.getMessage());
            }
        }
        return new PromiseRegistry(found, allProblems);
    }

    public Optional<PromiseProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** Every provider, by name. */
    public Map<String, PromiseProvider> providers() {
        return providers;
    }

    /** Jars or providers that could not be loaded, to be logged and shown by {@code monitor validate}. */
    public List<String> loadProblems() {
        return loadProblems;
    }

    /** Creates the check for {@code name} with {@code options}, validating both. */
    public Promise create(String name, PromiseOptions options) {
        PromiseProvider provider = providers.get(name);
        if (provider == null) {
            throw new ConfigException(options.source() + ": unknown built-in promise '" + name + "'"
                    + DidYouMean.suggest(name, providers.keySet()) + "; known: "
                    + String.join(", ", providers.keySet()));
        }
        options.requireOnly(provider.options());
        return provider.create(options);
    }
}
