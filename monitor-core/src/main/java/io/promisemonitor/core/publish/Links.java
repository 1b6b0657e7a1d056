package io.promisemonitor.core.publish;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The symbolic links that publish files: monitor.conf's {@code public-path-list} and {@code private-path-list}
 * as {@code public/<basename>} and {@code private/<basename>}, each service's as
 * {@code public/<service>/<basename>} and {@code private/<service>/<basename>}.
 *
 * <p>Every link made is recorded in a manifest ({@code <state>/links/manifest}) so that the web server can tell
 * a link the monitor made from one planted by someone else, and so that only the monitor's own links are ever
 * removed. With each link the manifest records the real path of its configured target as it was when the link
 * was made: the web server serves only what lies inside that recorded path, so a link or a target replaced later
 * by a symbolic link to elsewhere ({@code var/log/kvm.log -> /etc/passwd}) serves nothing. The record is kept for
 * as long as the entry stays configured, even while its target is missing, so that deleting a target and planting
 * a link in its place does not get the new place recorded. A link is made only when its target exists and only
 * inside the public and private folders; a real file or folder in the way is left alone and reported. Not safe to
 * run from two processes at once: the executor owns it.
 */
public final class Links {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.links");

    private static final String PUBLIC = "public-path-list";
    /** A manifest line's last field: the link exists, or it waits for its target to come back. */
    private static final String LINKED = "linked";
    private static final String WAITING = "waiting";
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
     */
    public static Set<Path> readManifest(MonitorConfig config) {
        Set<Path> out = new HashSet<>();
        readRecords(config).forEach((link, r) -> {
            if (r.linked()) {
                out.add(link);
            }
        });
        return out;
    }

    /**
     * What a link of the monitor may serve: the real path its configured target had when the link was made.
     * A request for {@code public/log/a/b} may be answered when {@code public/log} is in this map and the real
     * path of {@code a/b} below it lies inside the recorded path. Links recorded by an older version, without
     * their real target, are not in it (nothing is served through them until the next sync records them).
     */
    public static Map<Path, Path> readServable(MonitorConfig config) {
        Map<Path, Path> out = new HashMap<>();
        readRecords(config).forEach((link, r) -> {
            if (r.realTarget() != null) {
                out.put(link, r.realTarget());
            }
        });
        return out;
    }

    /**
     * Whether a link the monitor made now points somewhere else than its configured target, or is gone: cheap
     * enough (one read of the manifest, one {@code readlink} per link) for the executor to ask at every rescan
     * and {@link #sync} at once when someone replaced a link.
     */
    public static boolean anyReplaced(MonitorConfig config) {
        for (Map.Entry<Path, Recorded> e : readRecords(config).entrySet()) {
            Recorded r = e.getValue();
            if (!r.linked || r.target == null) {
                continue;
            }
            try {
                if (!Files.readSymbolicLink(e.getKey()).equals(r.target)) {
                    return true;
                }
            } catch (IOException | UnsupportedOperationException | SecurityException ex) {
                return true;
            }
        }
        return false;
    }

    /** One manifest line: a link, its configured target, that target's real path when linked, and its state. */
    record Recorded(Path target, Path realTarget, boolean linked) {
    }

    static Map<Path, Recorded> readRecords(MonitorConfig config) {
        Map<Path, Recorded> out = new HashMap<>();
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
            String[] fields = line.split("\t", -1);
            Path link;
            Recorded recorded;
            try {
                link = Path.of(fields[0]).normalize();
                if (fields.length == 4 && Path.of(fields[1]).isAbsolute() && Path.of(fields[2]).isAbsolute()) {
                    recorded = new Recorded(Path.of(fields[1]).normalize(), Path.of(fields[2]).normalize(),
                            !fields[3].equals(WAITING));
                } else if (fields.length == 1) {
                    recorded = new Recorded(null, null, true);
                } else {
                    continue;
                }
            } catch (IllegalArgumentException e) {
                continue;
            }
            // the manifest is only a file: never let it vouch for anything outside the two folders
            if (link.isAbsolute() && (isStrictlyUnder(link, publicRoot) || isStrictlyUnder(link, privateRoot))) {
                out.put(link, recorded);
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
        planGlobal(config, Set.copyOf(serviceNames), new LinkedHashMap<>(), new HashMap<>(), problems, false);
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
        Map<Path, Path> waiting = new HashMap<>();
        List<String> global = new ArrayList<>();
        planGlobal(config, names, wanted, waiting, global, true);
        Map<String, List<String>> byService = new LinkedHashMap<>();
        for (ServiceConfig s : services) {
            List<String> problems = new ArrayList<>();
            planService(s, wanted, waiting, problems);
            byService.put(s.name(), problems);
        }

        Map<Path, Recorded> previous = readRecords(config);
        removeUnwanted(previous.keySet(), wanted.keySet());

        Map<Path, Recorded> managed = new TreeMap<>();
        List<String> globalRepairs = new ArrayList<>();
        Map<String, List<String>> repaired = new LinkedHashMap<>();
        for (Map.Entry<Path, Wanted> entry : wanted.entrySet()) {
            Wanted w = entry.getValue();
            List<String> problems = w.service == null ? global : byService.get(w.service);
            List<String> repairs = w.service == null ? globalRepairs
                    : repaired.computeIfAbsent(w.service, k -> new ArrayList<>());
            Recorded earlier = previous.get(entry.getKey());
            Recorded made = apply(entry.getKey(), w, earlier, problems, repairs);
            if (made != null) {
                managed.put(entry.getKey(), made);
            }
        }
        waiting.forEach((link, target) -> {
            Recorded earlier = previous.get(link);
            if (earlier != null && target.equals(earlier.target) && earlier.realTarget != null) {
                managed.put(link, new Recorded(target, earlier.realTarget, false));
            }
        });
        StringBuilder manifest = new StringBuilder();
        managed.forEach((link, r) -> {
            manifest.append(link);
            if (r.realTarget != null) {
                manifest.append('\t').append(r.target).append('\t').append(r.realTarget).append('\t')
                        .append(r.linked ? LINKED : WAITING);
            }
            manifest.append('\n');
        });
        AtomicFiles.writeIfChanged(manifestFile(config), manifest.toString());
        reportRefusals(managed, byService);
        Set<Path> linked = new TreeSet<>();
        managed.forEach((link, r) -> {
            if (r.linked) {
                linked.add(link);
            }
        });
        for (String repair : globalRepairs) {
            LOG.log(System.Logger.Level.WARNING, "monitor.conf links: " + repair);
        }
        return new LinkReport(global, byService, linked, repaired);
    }

    /** One link to make: where it points, which list asked for it, and for which service (null: global). */
    private record Wanted(Path target, String list, String service, String shownAs) {
    }

    private static void planGlobal(MonitorConfig config, Set<String> serviceNames, Map<Path, Wanted> wanted,
            Map<Path, Path> waiting, List<String> problems, boolean checkTargets) {
        planList(config, PUBLIC, config.publicPathList(), root(config.publicFolder()), "public/", null,
                serviceNames, wanted, waiting, problems, checkTargets);
        planList(config, PRIVATE, config.privatePathList(), root(config.privateFolder()), "private/", null,
                serviceNames, wanted, waiting, problems, checkTargets);
    }

    private void planService(ServiceConfig service, Map<Path, Wanted> wanted, Map<Path, Path> waiting,
            List<String> problems) {
        String name = service.name();
        if (badName(name) != null) {
            if (!service.publicPathList().isEmpty() || !service.privatePathList().isEmpty()) {
                problems.add("service name '" + name + "' " + badName(name) + "; no link made");
            }
            return;
        }
        planList(config, PUBLIC, service.publicPathList(), root(config.publicFolder()).resolve(name),
                "public/" + name + "/", name, Set.of(), wanted, waiting, problems, true);
        planList(config, PRIVATE, service.privatePathList(), root(config.privateFolder()).resolve(name),
                "private/" + name + "/", name, Set.of(), wanted, waiting, problems, true);
    }

    private static void planList(MonitorConfig config, String list, List<Path> paths, Path folder, String shownFolder,
            String service, Set<String> serviceNames, Map<Path, Wanted> wanted, Map<Path, Path> waiting,
            List<String> problems, boolean checkTargets) {
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
            if (target.toString().chars().anyMatch(Character::isISOControl)) {
                // the manifest is one line per link, its fields separated by tabs
                problems.add(list + ": " + path + " cannot be linked: it contains a control character");
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
            if (service == null && list.equals(PUBLIC) && name.endsWith(UrlLayout.STATUS_SUFFIX)
                    && serviceNames.contains(name.substring(0, name.length() - UrlLayout.STATUS_SUFFIX.length()))) {
                problems.add(list + ": " + target + " links as " + shown + ", the status file of service '"
                        + name.substring(0, name.length() - UrlLayout.STATUS_SUFFIX.length()) + "'; not linked");
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
                waiting.put(link, target);
                continue;
            }
            wanted.put(link, new Wanted(target, list, service, shown));
        }
    }

    /**
     * Makes or checks one link and its record: the real path of its target recorded earlier for the same target,
     * else the one it has now. Returns the record when it is one of the monitor's links now, else null.
     */
    private Recorded apply(Path link, Wanted w, Recorded earlier, List<String> problems, List<String> repairs) {
        Path folder = link.getParent();
        boolean sameEntry = earlier != null && w.target.equals(earlier.target) && earlier.realTarget != null;
        Path recorded = sameEntry ? earlier.realTarget : null;
        try {
            if (recorded == null) {
                recorded = w.target.toRealPath();
                if (!recorded.equals(w.target)) {
                    LOG.log(System.Logger.Level.WARNING, w.shownAs + ": " + w.target + " resolves to " + recorded
                            + " through a symbolic link; " + recorded + " recorded as what this link may serve");
                }
            } else {
                Path now = w.target.toRealPath();
                if (!now.startsWith(recorded)) {
                    problems.add(w.list + ": " + w.target + " now leads to " + now + ", not to " + recorded
                            + " as when it was linked; " + w.shownAs + " serves nothing until the target is"
                            + " restored (or the entry removed and added again)");
                }
            }
            if (!ensureFolder(folder, w, problems)) {
                return null;
            }
            if (Files.isSymbolicLink(link)) {
                Path points = Files.readSymbolicLink(link);
                if (points.equals(w.target)) {
                    return new Recorded(w.target, recorded, true);
                }
                if (earlier != null && earlier.linked) {
                    repairs.add(w.list + ": " + w.shownAs + " had been replaced by a link to " + points
                            + "; repaired, it links to " + w.target + " again");
                }
            } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(w.list + ": " + w.shownAs + " exists and is not a link; left alone, " + w.target
                        + " not linked");
                return null;
            }
            replace(link, w.target);
            return new Recorded(w.target, recorded, true);
        } catch (IOException e) {
            problems.add(w.list + ": cannot link " + w.shownAs + " to " + w.target + ": " + e);
            if (earlier != null && earlier.linked && Files.isSymbolicLink(link)) {
                return recorded == null ? earlier : new Recorded(w.target, recorded, true);
            }
            return null;
        }
    }

    /**
     * Adds to each service's problems the paths the web server refused below its links (see {@link Refusals}) that
     * still lead out of their link's recorded target, and forgets the others.
     */
    private void reportRefusals(Map<Path, Recorded> managed, Map<String, List<String>> byService) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Refusals.folder(config))) {
            files = listing.toList();
        } catch (IOException e) {
            return;
        }
        for (Path file : files) {
            List<String> problems = byService.get(file.getFileName().toString());
            List<String> still = new ArrayList<>();
            try {
                for (String line : problems == null ? List.<String>of() : Refusals.read(file)) {
                    String why = leadsOut(Path.of(line), managed);
                    if (why != null) {
                        problems.add(why);
                        still.add(line);
                    }
                }
                if (still.isEmpty()) {
                    Files.deleteIfExists(file);
                } else {
                    AtomicFiles.writeIfChanged(file, String.join("\n", still) + "\n");
                }
            } catch (IOException | InvalidPathException | UncheckedIOException e) {
                // looked at again at the next sync
            }
        }
    }

    /** Why {@code path}, below one of the monitor's links, is not served; null when it is served or is gone. */
    private String leadsOut(Path path, Map<Path, Recorded> managed) {
        for (Path at = path.getParent(); at != null; at = at.getParent()) {
            Recorded r = managed.get(at);
            if (r == null) {
                continue;
            }
            if (!r.linked || r.realTarget == null) {
                return null;
            }
            Path real;
            try {
                real = path.toRealPath();
            } catch (IOException e) {
                return null;
            }
            if (real.startsWith(r.realTarget)) {
                return null;
            }
            return shown(path) + " leads to " + real + ", outside " + r.realTarget + " that " + shown(at)
                    + " publishes; the web server answers 404 for it";
        }
        return null;
    }

    /** {@code public/svc/log} for a path under the public folder. */
    private String shown(Path path) {
        Path publicRoot = root(config.publicFolder());
        return path.startsWith(publicRoot) ? "public/" + publicRoot.relativize(path)
                : "private/" + root(config.privateFolder()).relativize(path);
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
