package io.promisemonitor.core.publish;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The symbolic links that publish files: monitor.conf's {@code public-path-list} and {@code private-path-list}
 * as {@code public/<basename>} and {@code private/<basename>}, each service's as
 * {@code public/<service>/<basename>} and {@code private/<service>/<basename>}.
 *
 * <p>Every link made is recorded in a manifest ({@code <state>/links/manifest}) so that the web server can tell
 * a link the monitor made from one planted by someone else, and so that only the monitor's own links are ever
 * removed. A link is made only when its target exists and only inside the public and private folders; a real
 * file or folder in the way is left alone and reported. Not safe to run from two processes at once: the
 * executor owns it.
 */
public final class Links {

    private static final String PUBLIC = "public-path-list";
    private static final String PRIVATE = "private-path-list";

    private final MonitorConfig config;

    private Links(MonitorConfig config) {
        this.config = config;
    }

    public static Links of(MonitorConfig config) {
        return new Links(config);
    }

    public static Path manifestFile(MonitorConfig config) {
        return config.stateFolder("links").resolve("manifest");
    }

    /**
     * The absolute paths of the links the monitor made, as of its last sync; empty when there is no manifest.
     * A request for {@code public/log/a/b} is for a managed file when {@code public/log} is in this set.
     */
    public static Set<Path> readManifest(MonitorConfig config) {
        Set<Path> out = new HashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(manifestFile(config), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        Path publicRoot = root(config.publicFolder());
        Path privateRoot = root(config.privateFolder());
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Path link;
            try {
                link = Path.of(line).normalize();
            } catch (IllegalArgumentException e) {
                continue;
            }
            // the manifest is only a file: never let it vouch for anything outside the two folders
            if (link.isAbsolute() && (isStrictlyUnder(link, publicRoot) || isStrictlyUnder(link, privateRoot))) {
                out.add(link);
            }
        }
        return out;
    }

    /**
     * Global link names that collide with a service (its folder {@code public/<service>/} or its status file),
     * or with each other. {@code monitor validate} reports these; {@link #sync} refuses such links.
     */
    public static List<String> clashes(MonitorConfig config, Collection<String> serviceNames) {
        List<String> problems = new ArrayList<>();
        planGlobal(config, Set.copyOf(serviceNames), new LinkedHashMap<>(), problems, false);
        return problems;
    }

    /**
     * Makes the links of monitor.conf and of {@code services}, removes the ones the monitor made earlier that
     * are no longer wanted (those of removed services, of removed list entries, and those whose target is
     * gone), and records the result. Running it again with the same input changes nothing on disk.
     */
    public LinkReport sync(Collection<ServiceConfig> services) {
        Set<String> names = new HashSet<>();
        for (ServiceConfig s : services) {
            names.add(s.name());
        }
        Map<Path, Wanted> wanted = new LinkedHashMap<>();
        List<String> global = new ArrayList<>();
        planGlobal(config, names, wanted, global, true);
        Map<String, List<String>> byService = new LinkedHashMap<>();
        for (ServiceConfig s : services) {
            List<String> problems = new ArrayList<>();
            planService(s, wanted, problems);
            byService.put(s.name(), problems);
        }

        Set<Path> previous = readManifest(config);
        removeUnwanted(previous, wanted.keySet());

        Set<Path> managed = new TreeSet<>();
        for (Map.Entry<Path, Wanted> entry : wanted.entrySet()) {
            Wanted w = entry.getValue();
            List<String> problems = w.service == null ? global : byService.get(w.service);
            if (apply(entry.getKey(), w, previous.contains(entry.getKey()), problems)) {
                managed.add(entry.getKey());
            }
        }
        StringBuilder manifest = new StringBuilder();
        for (Path link : managed) {
            manifest.append(link).append('\n');
        }
        AtomicFiles.writeIfChanged(manifestFile(config), manifest.toString());
        return new LinkReport(global, byService, managed);
    }

    /** One link to make: where it points, which list asked for it, and for which service (null: global). */
    private record Wanted(Path target, String list, String service, String shownAs) {
    }

    private static void planGlobal(MonitorConfig config, Set<String> serviceNames, Map<Path, Wanted> wanted,
            List<String> problems, boolean checkTargets) {
        planList(config, PUBLIC, config.publicPathList(), root(config.publicFolder()), "public/", null,
                serviceNames, wanted, problems, checkTargets);
        planList(config, PRIVATE, config.privatePathList(), root(config.privateFolder()), "private/", null,
                serviceNames, wanted, problems, checkTargets);
    }

    private void planService(ServiceConfig service, Map<Path, Wanted> wanted, List<String> problems) {
        String name = service.name();
        if (badName(name) != null) {
            if (!service.publicPathList().isEmpty() || !service.privatePathList().isEmpty()) {
                problems.add("service name '" + name + "' " + badName(name) + "; no link made");
            }
            return;
        }
        planList(config, PUBLIC, service.publicPathList(), root(config.publicFolder()).resolve(name),
                "public/" + name + "/", name, Set.of(), wanted, problems, true);
        planList(config, PRIVATE, service.privatePathList(), root(config.privateFolder()).resolve(name),
                "private/" + name + "/", name, Set.of(), wanted, problems, true);
    }

    private static void planList(MonitorConfig config, String list, List<Path> paths, Path folder, String shownFolder,
            String service, Set<String> serviceNames, Map<Path, Wanted> wanted, List<String> problems,
            boolean checkTargets) {
        Path root = list.equals(PUBLIC) ? root(config.publicFolder()) : root(config.privateFolder());
        for (Path path : paths) {
            Path target = root(config.instanceRoot()).resolve(path).normalize();
            Path base = target.getFileName();
            String name = base == null ? "" : base.toString();
            String why = badName(name);
            if (why != null) {
                problems.add(list + ": " + path + " cannot be linked: its base name '" + name + "' " + why);
                continue;
            }
            Path link = folder.resolve(name).normalize();
            String shown = shownFolder + name;
            if (!isStrictlyUnder(link, root)) {
                problems.add(list + ": " + path + " would link as " + link + ", outside " + root + "; refused");
                continue;
            }
            if (service == null && serviceNames.contains(name)) {
                problems.add(list + ": " + target + " links as " + shown + ", the folder of service '" + name
                        + "'; not linked");
                continue;
            }
            if (service == null && list.equals(PUBLIC) && name.endsWith(".status.json")
                    && serviceNames.contains(name.substring(0, name.length() - ".status.json".length()))) {
                problems.add(list + ": " + target + " links as " + shown + ", the status file of service '"
                        + name.substring(0, name.length() - ".status.json".length()) + "'; not linked");
                continue;
            }
            Wanted earlier = wanted.get(link);
            if (earlier != null) {
                problems.add(list + ": " + target + " and " + earlier.target + " both link as " + shown
                        + "; the first one is kept");
                continue;
            }
            if (checkTargets && !Files.exists(target)) {
                problems.add(list + ": " + target + " does not exist");
                continue;
            }
            wanted.put(link, new Wanted(target, list, service, shown));
        }
    }

    /** Makes or checks one link; returns whether it is now one of the monitor's links. */
    private boolean apply(Path link, Wanted w, boolean madeEarlier, List<String> problems) {
        Path folder = link.getParent();
        try {
            if (!ensureFolder(folder, w, problems)) {
                return false;
            }
            if (Files.isSymbolicLink(link)) {
                if (Files.readSymbolicLink(link).equals(w.target)) {
                    return true;
                }
            } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(w.list + ": " + w.shownAs + " exists and is not a link; left alone, " + w.target
                        + " not linked");
                return false;
            }
            replace(link, w.target);
            return true;
        } catch (IOException e) {
            problems.add(w.list + ": cannot link " + w.shownAs + " to " + w.target + ": " + e);
            return madeEarlier && Files.isSymbolicLink(link);
        }
    }

    private boolean ensureFolder(Path folder, Wanted w, List<String> problems) throws IOException {
        Path root = w.list.equals(PUBLIC) ? root(config.publicFolder()) : root(config.privateFolder());
        if (!folder.equals(root)) {
            // a link planted as public/<service> would send the service's links wherever it points
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(w.list + ": " + w.shownAs.substring(0, w.shownAs.lastIndexOf('/'))
                        + " is not a folder; " + w.target + " not linked");
                return false;
            }
        }
        Files.createDirectories(folder);
        return true;
    }

    /** Replaces whatever link is at {@code link} in one rename, so a reader never finds it missing. */
    private static void replace(Path link, Path target) throws IOException {
        Path temp = link.resolveSibling("." + link.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        Files.createSymbolicLink(temp, target);
        try {
            Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private void removeUnwanted(Set<Path> previous, Set<Path> wanted) {
        Path publicRoot = root(config.publicFolder());
        Path privateRoot = root(config.privateFolder());
        Set<Path> emptiedFolders = new TreeSet<>();
        for (Path link : previous) {
            if (wanted.contains(link) || !Files.isSymbolicLink(link)) {
                continue;
            }
            try {
                Files.delete(link);
            } catch (NoSuchFileException e) {
                // already gone
            } catch (IOException e) {
                continue;
            }
            Path folder = link.getParent();
            if (!folder.equals(publicRoot) && !folder.equals(privateRoot)) {
                emptiedFolders.add(folder);
            }
        }
        for (Path folder : emptiedFolders) {
            try {
                if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(folder);
                }
            } catch (DirectoryNotEmptyException e) {
                // something else lives there: keep it
            } catch (IOException e) {
                // harmless leftover; tried again at the next sync only if a link there is removed again
            }
        }
    }

    /** Why {@code name} cannot be a link's or service folder's name, or null when it can. */
    private static String badName(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is '" + name + "'";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "contains a slash";
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "contains a control character";
        }
        return null;
    }

    private static Path root(Path folder) {
        return folder.toAbsolutePath().normalize();
    }

    private static boolean isStrictlyUnder(Path path, Path root) {
        return path.startsWith(root) && !path.equals(root);
    }
}
