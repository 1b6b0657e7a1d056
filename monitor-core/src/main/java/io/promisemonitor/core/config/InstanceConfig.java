package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.schedule.Schedules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private InstanceConfig(MonitorConfig monitor, Map<String, ServiceConfig> services,
            Map<String, List<ConfigProblem>> broken) {
        this.monitor = monitor;
        this.services = Collections.unmodifiableMap(services);
        this.broken = Collections.unmodifiableMap(broken);
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
        MonitorConfig monitor = loadMonitor(instanceRoot);
        Map<String, ServiceConfig> services = new TreeMap<>();
        Map<String, List<ConfigProblem>> broken = new TreeMap<>();
        for (Path cfg : listServiceFiles(monitor.promiseFolder())) {
            String name = serviceName(cfg);
            try {
                services.put(name, loadService(monitor, cfg));
            } catch (ConfigException e) {
                broken.put(name, problemsOf(e, cfg));
            }
        }
        return new InstanceConfig(monitor, services, broken);
    }

    public static Path monitorConfFile(Path instanceRoot) {
        return instanceRoot.resolve("etc").resolve("monitor.conf");
    }

    /** Reads {@code etc/monitor.conf}; every problem of the file is in the one exception thrown. */
    public static MonitorConfig loadMonitor(Path instanceRoot) {
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
            if (!other.name().equals("monitor")) {
                problems.add(new ConfigProblem(file, other.line(), "unknown section [" + other.name()
                        + "]; allowed: [monitor]"));
            }
        }
        Settings s = MonitorKeys.REGISTRY.read(section, file, root, null, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        MonitorConfig monitor = new MonitorConfig(root, file, s.get(MonitorKeys.TITLE),
                s.get(MonitorKeys.MONITOR_HAL_JSON), s.get(MonitorKeys.PUBLIC_FOLDER),
                s.get(MonitorKeys.PRIVATE_FOLDER), s.get(MonitorKeys.WEB_FOLDER),
                s.get(MonitorKeys.CGI_FOLDER), s.get(MonitorKeys.SERVICE_PID_FOLDER),
                s.get(MonitorKeys.PROMISE_FOLDER), s.get(MonitorKeys.STATE_FOLDER),
                s.get(MonitorKeys.PUBLIC_PATH_LIST), s.get(MonitorKeys.PRIVATE_PATH_LIST),
                s.get(MonitorKeys.MONITOR_URL_LIST), s.get(MonitorKeys.BASE_URL), s);
        problems.addAll(FolderLayout.check(monitor, section, file));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return monitor;
    }

    /**
     * The {@code *.cfg} entries of the promise folder, sorted; none when the folder does not exist yet. Folders,
     * FIFOs and dangling links are listed too: reading them says what they are, so a broken deployment link shows
     * its service as ERROR instead of making it vanish.
     */
    public static List<Path> listServiceFiles(Path promiseFolder) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(promiseFolder, "*" + CFG_SUFFIX)) {
            for (Path p : stream) {
                files.add(p);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(promiseFolder, 0, "cannot list the promise folder: "
                    + e.getMessage()));
        }
        Collections.sort(files);
        return files;
    }

    public static String serviceName(Path cfgFile) {
        String file = cfgFile.getFileName().toString();
        return file.substring(0, file.length() - CFG_SUFFIX.length());
    }

    /** Reads one {@code <name>.cfg}; every problem of the file is in the one exception thrown. */
    public static ServiceConfig loadService(MonitorConfig monitor, Path cfgFile) {
        String name = serviceName(cfgFile);
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
        Settings s = ServiceKeys.REGISTRY.read(service, cfgFile, monitor.instanceRoot(), name, problems);
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
            runner = new Runner.Executable(cfgFile.resolveSibling(name));
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
                s.get(ServiceKeys.PUBLIC_PATH_LIST), s.get(ServiceKeys.PRIVATE_PATH_LIST), s.get(ServiceKeys.TIMEOUT),
                s.get(ServiceKeys.OUTPUT), runner);
    }

    /**
     * Stands in for a service whose {@code .cfg} cannot be read, so that it still shows, as ERROR with its
     * problems, on the default schedule.
     */
    public static ServiceConfig placeholder(Path cfgFile) {
        String name = serviceName(cfgFile);
        return new ServiceConfig(name, cfgFile, name, Schedules.cron("* * * * *"), List.of(), List.of(),
                Duration.ofSeconds(20), OutputMode.AUTO, new Runner.Executable(cfgFile.resolveSibling(name)));
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
