package io.promisemonitor.core.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses folder layouts that would serve a secret: {@code public-folder} and {@code web-folder} are served
 * without a login, and so is whatever a {@code public-path-list} entry links to. Paths are compared both as written
 * and with their symbolic links resolved, so a folder that reaches a secret through a link is refused too.
 * {@code monitor validate}, {@code monitor up}, {@code executor} and {@code serve} all read monitor.conf through
 * {@link InstanceConfig#loadMonitor}, which applies these rules.
 */
final class FolderLayout {

    private static final String NO_LOGIN = " without a login";

    /**
     * Something that must not be served, and what serving it would give away; {@code wholly} when nothing inside
     * it may be served either.
     */
    private record Secret(String name, Path path, String risk, boolean wholly) {

        Secret(String name, Path path, String risk) {
            this(name, path, risk, false);
        }
    }

    private FolderLayout() {
    }

    /** The problems of monitor.conf's layout, with the line of each key that is set in the file (else 0). */
    static List<ConfigProblem> check(MonitorConfig m, IniFile.Section section, Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        Path root = m.instanceRoot();
        Path htpasswd = m.settings().get(MonitorKeys.HTPASSWD_FILE);
        Secret etc = new Secret("the instance's etc/ folder", root.resolve("etc"),
                "the configuration and the password hashes");
        Secret passwords = new Secret("the htpasswd-file", htpasswd, "the password hashes");
        Secret state = new Secret("the state-folder", m.stateFolder(),
                "the kept state (histories, heartbeat secrets, rerun spool)");
        Secret locks = new Secret("the service-pid-folder", m.servicePidFolder(), "the lock files of the runs");
        Secret privateFolder = new Secret("the private-folder", m.privateFolder(), "the private files");

        served(problems, file, section, MonitorKeys.PUBLIC_FOLDER.name(), m.publicFolder(), "/public/", root,
                List.of(etc, passwords, privateFolder, state, locks));
        served(problems, file, section, MonitorKeys.WEB_FOLDER.name(), m.webFolder(), "/", root,
                List.of(etc, passwords, privateFolder, state, locks));
        problems.addAll(pathList(m, file, section.get(MonitorKeys.PUBLIC_PATH_LIST.name()), m.publicPathList()));
        return problems;
    }

    /**
     * The problems of a {@code public-path-list}, of monitor.conf or of a service: an entry that is or holds a
     * system folder or a home folder, the htpasswd file or the TLS key, the instance's etc/ or the state folder.
     */
    static List<ConfigProblem> pathList(MonitorConfig m, Path file, Optional<IniFile.Entry> entry, List<Path> paths) {
        // a configuration built in code rather than read may lack these settings
        Path htpasswd = m.settings().get(MonitorKeys.HTPASSWD_FILE);
        Optional<Path> tlsKey = m.settings().get(MonitorKeys.TLS_KEY);
        List<ConfigProblem> problems = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        secrets.add(new Secret("/etc", Path.of("/etc"), "the system's configuration"));
        secrets.add(new Secret("/root", Path.of("/root"), "root's home folder"));
        secrets.add(new Secret("/home", Path.of("/home"), "the users' home folders"));
        String home = System.getProperty("user.home");
        if (home != null && !home.isEmpty() && Path.of(home).isAbsolute()) {
            secrets.add(new Secret("the home folder " + home, Path.of(home).normalize(),
                    "the monitor user's home folder (SSH keys, shell history)"));
        }
        if (htpasswd != null) {
            secrets.add(new Secret("the htpasswd-file", htpasswd, "the password hashes"));
        }
        if (tlsKey != null) {
            tlsKey.ifPresent(k -> secrets.add(new Secret("the tls-key", k, "the server's private key")));
        }
        secrets.add(new Secret("the instance's etc/ folder", m.instanceRoot().resolve("etc"),
                "the configuration", true));
        if (m.stateFolder() != null) {
            secrets.add(new Secret("the state-folder", m.stateFolder(),
                    "the kept state (histories, heartbeat secrets, rerun spool)", true));
        }
        for (int i = 0; i < paths.size(); i++) {
            Path path = paths.get(i);
            String problem = null;
            if (path.getParent() != null && path.getParent().equals(Path.of("/home"))) {
                problem = "is a home folder: the user's files (SSH keys, shell history) would be served at /public/"
                        + NO_LOGIN;
            }
            for (Secret s : secrets) {
                if (problem == null && holds(path, s.path)) {
                    problem = (same(path, s.path) ? "is " : "holds ") + s.name + ": " + s.risk
                            + " would be served at /public/" + NO_LOGIN;
                } else if (problem == null && s.wholly && holds(s.path, path)) {
                    problem = "is inside " + s.name + ": " + s.risk + " would be served at /public/" + NO_LOGIN;
                }
            }
            if (problem != null) {
                problems.add(new ConfigProblem(file, itemLine(entry, i), "public-path-list entry " + path + " "
                        + problem + "; allowed: the files or folders to publish, such as $instance/var/log"));
            }
        }
        return problems;
    }

    private static void served(List<ConfigProblem> problems, Path file, IniFile.Section section, String key,
            Path folder, String mount, Path root, List<Secret> secrets) {
        int line = section.get(key).map(IniFile.Entry::line).orElse(0);
        String allowed = "; allowed: a folder of its own that holds none of these, such as $instance/srv/monitor/"
                + (mount.equals("/") ? "web" : "public");
        if (same(folder, root)) {
            problems.add(new ConfigProblem(file, line, key + " " + folder + " is the instance root: the"
                    + " configuration and the password hashes would be served at " + mount + NO_LOGIN + allowed));
            return;
        }
        for (Secret s : secrets) {
            if (holds(folder, s.path)) {
                problems.add(new ConfigProblem(file, line, key + " " + folder + (same(folder, s.path) ? " is "
                        : " holds ") + s.name + " " + s.path + ": " + s.risk + " would be served at " + mount
                        + NO_LOGIN + allowed));
                return;
            }
        }
    }

    /** Whether {@code folder} is {@code inner} or one of its parents, as written or through symbolic links. */
    static boolean holds(Path folder, Path inner) {
        Path a = folder.toAbsolutePath().normalize();
        Path b = inner.toAbsolutePath().normalize();
        return b.startsWith(a) || real(b).startsWith(real(a));
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()) || real(a).equals(real(b));
    }

    /** The real path of {@code p}, or of its nearest existing parent with the rest appended when it is missing. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path missing = null;
        for (Path at = abs; at != null; at = at.getParent()) {
            try {
                Path r = at.toRealPath();
                return missing == null ? r : r.resolve(missing);
            } catch (IOException | SecurityException e) {
                Path name = at.getFileName();
                if (name == null) {
                    return abs;
                }
                missing = missing == null ? name : name.resolve(missing);
            }
        }
        return abs;
    }

    /** The line of item {@code index} of a list entry: its first line holds the value after '=', if any. */
    private static int itemLine(Optional<IniFile.Entry> entry, int index) {
        if (entry.isEmpty()) {
            return 0;
        }
        List<String> lines = entry.get().lines();
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                if (seen == index) {
                    return entry.get().line() + i;
                }
                seen++;
            }
        }
        return entry.get().line();
    }
}
