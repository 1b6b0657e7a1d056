package io.promisemonitor.core.catalogue;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The services of an instance, as its {@code etc/monitor-promise/*.cfg} files say now. {@link #rescan()} lists the
 * folder, reads only the new and changed files (by fingerprint: modification time, size, inode), and when anything
 * changed, tells its listeners (the scheduler, the publisher) with an immutable snapshot and what changed. A
 * broken file is a service too: a placeholder with its problems, so that it shows as ERROR naming file and line.
 */
public final class ServiceCatalogue {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.executor");

    private final MonitorConfig monitor;
    private final List<CatalogueListener> listeners = new CopyOnWriteArrayList<>();
    private volatile CatalogueChange last;
    /** Whether the scan under way met a service file that is a link; set from the scan's threads. */
    private volatile boolean linkSeen;
    private volatile boolean linksSeen;

    public ServiceCatalogue(MonitorConfig monitor) {
        this.monitor = monitor;
    }

    public void addListener(CatalogueListener listener) {
        listeners.add(listener);
    }

    /** The services as of the last rescan; empty before the first. */
    public SortedMap<String, CatalogueEntry> services() {
        CatalogueChange c = last;
        return c == null ? new TreeMap<>() : c.services();
    }

    /**
     * Whether the last rescan found a service file that is a link: an edit of its target is not an event of the
     * promise folder, so a {@link FolderWatch} does not see it.
     */
    public boolean linksSeen() {
        return linksSeen;
    }

    public Optional<CatalogueEntry> entry(String name) {
        return Optional.ofNullable(services().get(name));
    }

    /**
     * Lists and reads the service files; tells the listeners and returns the change when there is one. A folder that
     * cannot be listed is logged, and the services known stay as they are.
     */
    public synchronized Optional<CatalogueChange> rescan(Instant now) {
        List<Path> files;
        try {
            files = InstanceConfig.listServiceFiles(monitor);
        } catch (ConfigException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; will keep running with the services known");
            return Optional.empty();
        }
        boolean first = last == null;
        SortedMap<String, CatalogueEntry> before = services();
        linkSeen = false;
        List<Scanned> scan = scan(files, before);
        linksSeen = linkSeen;
        SortedMap<String, CatalogueEntry> found = new TreeMap<>();
        Set<String> added = new HashSet<>();
        Set<String> changed = new HashSet<>();
        for (Scanned scanned : scan) {
            CatalogueEntry old = before.get(scanned.name);
            if (scanned.loaded == null) {
                found.put(scanned.name, old);
                continue;
            }
            found.put(scanned.name, scanned.loaded);
            if (old == null) {
                added.add(scanned.name);
                if (!first) {
                    LOG.log(System.Logger.Level.INFO, scanned.name + ": new service");
                }
            } else {
                changed.add(scanned.name);
                LOG.log(System.Logger.Level.INFO, scanned.name + ": configuration changed, reloaded"
                        + (scanned.loaded.problems().isEmpty() ? ""
                                : " with problems: " + describe(scanned.loaded.problems())));
            }
        }
        Set<String> removed = new HashSet<>(before.keySet());
        removed.removeAll(found.keySet());
        for (String name : removed) {
            LOG.log(System.Logger.Level.INFO, name + ": removed");
        }
        if (!first && added.isEmpty() && changed.isEmpty() && removed.isEmpty()) {
            return Optional.empty();
        }
        CatalogueChange change = new CatalogueChange(found, added, changed, removed, first, now);
        last = change;
        for (CatalogueListener listener : listeners) {
            try {
                listener.changed(change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a listener of the services failed: " + e + "; will keep running",
                        e);
            }
        }
        return Optional.of(change);
    }

    /** Every service of the instance read once, for a process that looks once (a cron minute). */
    public static CatalogueChange readOnce(MonitorConfig monitor, Instant now) {
        ServiceCatalogue catalogue = new ServiceCatalogue(monitor);
        return catalogue.rescan(now).orElseGet(() -> CatalogueChange.firstLook(Map.of(), now));
    }

    /** {@code x.cfg line 3: ...; y.cfg: ...}: the problems of a broken file on one line. */
    public static String describe(List<ConfigProblem> problems) {
        StringBuilder b = new StringBuilder();
        for (ConfigProblem p : problems) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(p);
        }
        return b.toString();
    }

    /** A service file looked at: its fingerprint, and its new entry when it is new or changed (else null). */
    private record Scanned(String name, Object fingerprint, CatalogueEntry loaded) {
    }

    /**
     * Looks at every file and loads the new and changed ones, in the order given. Thousands of them (at start-up)
     * are read and parsed on every core: the first runs wait for this.
     */
    private List<Scanned> scan(List<Path> files, Map<String, CatalogueEntry> known) {
        Function<Path, Scanned> look = file -> {
            String name = InstanceConfig.serviceName(file);
            Object fingerprint = fingerprint(file);
            CatalogueEntry old = known.get(name);
            boolean same = old != null && Objects.equals(old.fingerprint(), fingerprint);
            return new Scanned(name, fingerprint, same ? null : load(file, name, fingerprint));
        };
        return (files.size() > 64 ? files.parallelStream() : files.stream()).map(look).toList();
    }

    private CatalogueEntry load(Path file, String name, Object fingerprint) {
        InstanceConfig.Loaded loaded = InstanceConfig.loadOrPlaceholder(monitor, file);
        if (!loaded.problems().isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, name + ": " + describe(loaded.problems()));
        }
        return new CatalogueEntry(loaded.config(), loaded.problems(), fingerprint);
    }

    /** The fingerprint of the file {@code file} names (a link's target's); notes a link in {@link #linksSeen}. */
    private Object fingerprint(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                linkSeen = true;
                a = Files.readAttributes(file, BasicFileAttributes.class);
            }
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return List.of("unreadable", e.getMessage() == null ? "" : e.getMessage());
        }
    }
}
