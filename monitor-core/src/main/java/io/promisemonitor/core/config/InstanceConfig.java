package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.schedule.Schedules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An instance's whole configuration: {@code etc/monitor.conf} and every {@code <name>.cfg} of the promise folder.
 * A broken {@code .cfg} does not stop the others: its problems are kept under its name so the executor can show
 * that service as ERROR while the rest run.
 */
public final class InstanceConfig {

    /** Service names become file names and URL segments: keep them plain. */
    public static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public static final String CFG_SUFFIX = ".cfg";

    private final MonitorConfig monitor;
    private final Map<String, ServiceConfig> services;
    private final Map<String, List<ConfigProblem>> broken;
    private final List<ConfigNote> notes;

    private InstanceConfig(MonitorConfig monitor, Map<String, ServiceConfig> services,
            Map<String, List<ConfigProblem>> broken, List<ConfigNote> notes) {
        this.monitor = monitor;
        this.services = Collections.unmodifiableMap(services);
        this.broken = Collections.unmodifiableMap(broken);
        List<ConfigNote> sorted = new ArrayList<>(notes);
        sorted.sort(Comparator.comparing((ConfigNote n) -> n.file().toString())
                .thenComparingInt(ConfigNote::line));
        this.notes = List.copyOf(sorted);
    }

    /** What {@code monitor validate} reports beside problems: SlapOS keys not used, doubtful values, duplicates. */
    public List<ConfigNote> notes() {
        return notes;
    }

    public MonitorConfig monitor() {
        return monitor;
    }

    /** The services that read cleanly, by name, sorted. */
    public Map<String, ServiceConfig> services() {
        return services;
    }

    /** The services whose {@code .cfg} has problems, by name, sorted. */
    public Map<String, List<ConfigProblem>> broken() {
        return broken;
    }

    /** Every problem of every file, for {@code monitor validate}. */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> all = new ArrayList<>();
        broken.values().forEach(all::addAll);
        return all;
    }

    /** Reads {@code <instance>/etc/monitor.conf} and all service files. */
    public static InstanceConfig load(Path instanceRoot) {
        List<ConfigNote> notes = new ArrayList<>();
        MonitorConfig monitor = loadMonitor(instanceRoot, notes);
        Map<String, ServiceConfig> services = new TreeMap<>();
        Map<String, List<ConfigProblem>> broken = new TreeMap<>();
        for (Path cfg : listServiceFiles(monitor, notes)) {
            String name = serviceName(cfg);
            try {
                services.put(name, loadService(monitor, cfg, notes));
            } catch (ConfigException e) {
                broken.put(name, problemsOf(e, cfg));
            }
        }
        return new InstanceConfig(monitor, services, broken, notes);
    }

    public static Path monitorConfFile(Path instanceRoot) {
        return instanceRoot.resolve("etc").resolve("monitor.conf");
    }

    /** Reads {@code etc/monitor.conf}; every problem of the file is in the one exception thrown. */
    public static MonitorConfig loadMonitor(Path instanceRoot) {
        return loadMonitor(instanceRoot, new ArrayList<>());
    }

    private static MonitorConfig loadMonitor(Path instanceRoot, List<ConfigNote> notes) {
        Path root = instanceRoot.toAbsolutePath().normalize();
        Path file = monitorConfFile(root);
        if (!Files.exists(file)) {
            throw new ConfigException(new ConfigProblem(file, 0, "file does not exist; an instance needs"
                    + " etc/monitor.conf with a [monitor] section (give the instance with --instance DIR)"));
        }
        IniFile ini = IniFile.read(file);
        List<ConfigProblem> problems = new ArrayList<>();
        IniFile.Section section = ini.section("monitor").orElse(null);
        if (section == null) {
            throw new ConfigException(new ConfigProblem(file, 0, "section [monitor] is missing; allowed: a file"
                    + " starting with [monitor] and its keys"));
        }
        for (IniFile.Section other : ini.sections().values()) {
            if (!other.name().equals("monitor") && !other.name().equals("promises")) {
                problems.add(new ConfigProblem(file, other.line(), "unknown section [" + other.name()
                        + "]; allowed: [monitor], and SlapOS's [promises]"));
            }
        }
        Settings s = MonitorKeys.REGISTRY.read(section, file, root, null, problems, notes);
        IniFile.Section promises = ini.section("promises").orElse(null);
        if (promises != null) {
            s = s.with(MonitorKeys.PROMISES_REGISTRY.read(promises, file, root, null, problems, notes));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        MonitorConfig monitor = MonitorConfig.of(root, file, s);
        problems.addAll(FolderLayout.check(monitor, section, file));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return monitor;
    }

    /**
     * One file per service, sorted by service name: its {@code .cfg}, or, for an executable with no {@code .cfg}
     * in any promise folder, the executable. A name found in several folders is taken from the first folder of
     * {@link MonitorConfig#promiseFolders()}.
     */
    public static List<Path> listServiceFiles(MonitorConfig monitor) {
        return listServiceFiles(monitor, new ArrayList<>());
    }

    private static List<Path> listServiceFiles(MonitorConfig monitor, List<ConfigNote> notes) {
        Map<String, Path> cfgs = new TreeMap<>();
        Map<String, Path> executables = new TreeMap<>();
        for (Path folder : monitor.promiseFolders()) {
            for (Path cfg : listServiceFiles(folder)) {
                keepFirst(cfgs, serviceName(cfg), cfg, notes);
            }
            for (Path executable : listExecutables(folder)) {
                keepFirst(executables, executable.getFileName().toString(), executable, notes);
            }
        }
        Map<String, Path> files = new TreeMap<>(executables);
        files.putAll(cfgs);
        return List.copyOf(files.values());
    }

    private static void keepFirst(Map<String, Path> byName, String name, Path file, List<ConfigNote> notes) {
        Path first = byName.putIfAbsent(name, file);
        if (first != null) {
            notes.add(ConfigNote.warning(file, 0, "service '" + name + "' is also " + first + ", which is the one"
                    + " used (the first promise folder wins); rename or remove one of them"));
        }
    }

    /**
     * The executable promises of a folder that have no {@code .cfg} beside them, sorted: regular executable files
     * whose names are service names (so no {@code .cfg}, no dot file, no {@code .py} plugin left mode 600).
     */
    public static List<Path> listExecutables(Path promiseFolder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(promiseFolder)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.endsWith(CFG_SUFFIX) && SERVICE_NAME.matcher(name).matches() && Files.isRegularFile(p)
                        && Files.isExecutable(p)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(promiseFolder, 0, "cannot list the promise folder: "
                    + e.getMessage()));
        }
        return sortedIn(promiseFolder, names);
    }

    /**
     * The files {@code names} of {@code folder}, sorted by name: the names compared, not the whole paths (sorting
     * ten thousand paths that share their folder was most of a rescan's time).
     */
    private static List<Path> sortedIn(Path folder, List<String> names) {
        Collections.sort(names);
        List<Path> files = new ArrayList<>(names.size());
        for (String name : names) {
            files.add(folder.resolve(name));
        }
        return files;
    }

    /** The file defining service {@code name} (its {@code .cfg}, else its executable), if any. */
    public static Optional<Path> serviceFile(MonitorConfig monitor, String name) {
        if (!SERVICE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        for (Path folder : monitor.promiseFolders()) {
            Path cfg = folder.resolve(name + CFG_SUFFIX);
            if (Files.exists(cfg, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(cfg);
            }
        }
        return executable(monitor, name);
    }

    /** The first executable named {@code name} in the promise folders. */
    private static Optional<Path> executable(MonitorConfig monitor, String name) {
        for (Path folder : monitor.promiseFolders()) {
            Path p = folder.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code *.cfg} entries of one promise folder, sorted; none when the folder does not exist yet. Folders,
     * FIFOs and dangling links are listed too: reading them says what they are, so a broken deployment link shows
     * its service as ERROR instead of making it vanish.
     */
    public static List<Path> listServiceFiles(Path promiseFolder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(promiseFolder, "*" + CFG_SUFFIX)) {
            for (Path p : stream) {
                names.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(promiseFolder, 0, "cannot list the promise folder: "
                    + e.getMessage()));
        }
        return sortedIn(promiseFolder, names);
    }

    /** The service a {@code <name>.cfg} or a bare executable {@code <name>} defines. */
    public static String serviceName(Path cfgFile) {
        String file = cfgFile.getFileName().toString();
        return file.endsWith(CFG_SUFFIX) ? file.substring(0, file.length() - CFG_SUFFIX.length()) : file;
    }

    /**
     * Reads one {@code <name>.cfg}, or makes the service of a bare executable (SlapOS's way: title = name, every
     * minute, the default timeout); every problem of the file is in the one exception thrown.
     */
    public static ServiceConfig loadService(MonitorConfig monitor, Path cfgFile) {
        return loadService(monitor, cfgFile, new ArrayList<>());
    }

    private static ServiceConfig loadService(MonitorConfig monitor, Path cfgFile, List<ConfigNote> notes) {
        String name = serviceName(cfgFile);
        if (!cfgFile.getFileName().toString().endsWith(CFG_SUFFIX)) {
            return new ServiceConfig(name, cfgFile, name, Schedules.cron("* * * * *"), List.of(), List.of(),
                    defaultTimeout(monitor), OutputMode.AUTO, new Runner.Executable(cfgFile));
        }
        if (!SERVICE_NAME.matcher(name).matches()) {
            throw new ConfigException(new ConfigProblem(cfgFile, 0, "service name '" + name + "' is not allowed;"
                    + " allowed: letters, digits, '.', '_' and '-', starting with a letter or digit"));
        }
        IniFile ini = IniFile.read(cfgFile);
        List<ConfigProblem> problems = new ArrayList<>();
        IniFile.Section service = ini.section("service").orElse(null);
        if (service == null) {
            throw new ConfigException(new ConfigProblem(cfgFile, 0, "section [service] is missing; allowed: a file"
                    + " starting with [service] and its keys"));
        }
        IniFile.Section promiseSection = null;
        for (IniFile.Section other : ini.sections().values()) {
            if (other.name().equals("promise")) {
                promiseSection = other;
            } else if (!other.name().equals("service")) {
                problems.add(new ConfigProblem(cfgFile, other.line(), "unknown section [" + other.name()
                        + "]; allowed: [service], and [promise] for a built-in's options"));
            }
        }
        Settings s = ServiceKeys.REGISTRY.read(service, cfgFile, monitor.instanceRoot(), name, problems, notes);
        List<String> command = s.get(ServiceKeys.COMMAND);
        String builtIn = s.get(ServiceKeys.PROMISE);
        Runner runner = null;
        if (command != null && builtIn != null) {
            int line = service.get("promise").map(IniFile.Entry::line).orElse(0);
            problems.add(new ConfigProblem(cfgFile, line, "both 'command' and 'promise' are set; allowed: one of"
                    + " them, or neither to run the executable " + name + " beside the .cfg"));
        } else if (builtIn != null) {
            runner = new Runner.BuiltIn(builtIn, options(cfgFile, promiseSection, monitor));
        } else if (command != null) {
            runner = new Runner.Command(command);
        } else {
            // The executable of that name in the first promise folder holding one, as for executables without a
            // .cfg: SlapOS 2015 put a .cfg in etc/monitor-promise describing an executable in etc/promise.
            Optional<Path> first = monitor.promiseFolders().contains(cfgFile.getParent()) ? executable(monitor, name)
                    : Optional.empty();
            runner = new Runner.Executable(first.orElse(cfgFile.resolveSibling(name)));
        }
        if (s.get(ServiceKeys.PUBLIC_PATH_LIST) != null) {
            problems.addAll(FolderLayout.pathList(monitor, cfgFile, service.get(ServiceKeys.PUBLIC_PATH_LIST.name()),
                    s.get(ServiceKeys.PUBLIC_PATH_LIST)));
        }
        if (promiseSection != null && builtIn == null) {
            problems.add(new ConfigProblem(cfgFile, promiseSection.line(), "section [promise] is only read with"
                    + " 'promise = <built-in>' in [service]"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServiceConfig(name, cfgFile, s.get(ServiceKeys.TITLE), s.get(ServiceKeys.FREQUENCY),
                s.get(ServiceKeys.PUBLIC_PATH_LIST), s.get(ServiceKeys.PRIVATE_PATH_LIST),
                s.isGiven(ServiceKeys.TIMEOUT) ? s.get(ServiceKeys.TIMEOUT) : defaultTimeout(monitor),
                s.get(ServiceKeys.OUTPUT), runner, ServiceKeys.changeRules(s));
    }

    /** The timeout of a service that sets none: promises-timeout-file's, else timeout's default. */
    private static Duration defaultTimeout(MonitorConfig monitor) {
        Optional<Duration> fromFile = monitor.settings().get(MonitorKeys.PROMISES_TIMEOUT_FILE);
        return fromFile != null && fromFile.isPresent() ? fromFile.get()
                : ServiceKeys.TIMEOUT.defaultValue(null);
    }

    /** A service as read from its file: its configuration, or a placeholder and the problems that broke it. */
    public record Loaded(ServiceConfig config, List<ConfigProblem> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    /** Reads {@code file} as {@link #loadService} does; a broken one comes back as its placeholder and problems. */
    public static Loaded loadOrPlaceholder(MonitorConfig monitor, Path file) {
        try {
            return new Loaded(loadService(monitor, file), List.of());
        } catch (ConfigException e) {
            return new Loaded(placeholder(file), e.problems().isEmpty()
                    ? List.of(new ConfigProblem(file, 0, e.getMessage())) : e.problems());
        }
    }

    /** Every service, a broken one as its placeholder: what the index and the global feed list. */
    public static List<ServiceConfig> everyService(MonitorConfig monitor) {
        List<ServiceConfig> all = new ArrayList<>();
        for (Path file : listServiceFiles(monitor)) {
            all.add(loadOrPlaceholder(monitor, file).config());
        }
        return all;
    }

    /**
     * Stands in for a service whose {@code .cfg} cannot be read, so that it still shows, as ERROR with its
     * problems, on the default schedule.
     */
    public static ServiceConfig placeholder(Path cfgFile) {
        String name = serviceName(cfgFile);
        return new ServiceConfig(name, cfgFile, name, Schedules.cron("* * * * *"), List.of(), List.of(),
                Duration.ofSeconds(20), OutputMode.AUTO, new Runner.Executable(
                        cfgFile.getFileName().toString().endsWith(CFG_SUFFIX) ? cfgFile.resolveSibling(name) : cfgFile));
    }

    private static PromiseOptions options(Path cfgFile, IniFile.Section section, MonitorConfig monitor) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (section != null) {
            for (IniFile.Entry e : section.entries().values()) {
                List<String> items = new ArrayList<>();
                for (String item : e.items()) {
                    items.add(Values.expand(item, monitor.instanceRoot()));
                }
                values.put(e.key(), items);
            }
        }
        return new PromiseOptions(cfgFile + " [promise]", values);
    }

    private static List<ConfigProblem> problemsOf(ConfigException e, Path file) {
        return e.problems().isEmpty() ? List.of(new ConfigProblem(file, 0, e.getMessage())) : e.problems();
    }
}
