package io.promisemonitor.core.catalogue;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells whether anything in the promise folders may have changed since it was last asked, from the kernel's file
 * notifications (inotify, through the JDK's {@link WatchService}): a file written in place, added, removed, renamed
 * or given other permissions. With it, the executor need not look at every service file every few seconds to see an
 * edit in place (ten thousand stats, 90 ms every 20 s, were a twentieth of the executor's own CPU with 10,000
 * services).
 *
 * <p>What it cannot see: a file edited through a link from elsewhere (the event is in the target's folder), or
 * from another host on a network file system. The catalogue says when it found links; the executor still looks at
 * every file now and then. Only Linux's watch service is used: elsewhere the JDK's is a thread that stats every
 * file every ten seconds, no cheaper than looking.
 */
public final class FolderWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.executor");

    /** Whether this watch may use the system's notifications (made at the first {@link #watch}). */
    private boolean usable;
    private WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private boolean complete;

    private FolderWatch(boolean usable) {
        this.usable = usable;
    }

    /**
     * A watch on this system's notifications, or one that {@link #complete() never watches} where there are none.
     * Nothing is held until the first {@link #watch}.
     */
    public static FolderWatch start() {
        return new FolderWatch(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"));
    }

    /** A watch that watches nothing: the executor then looks at every file at its full-scan interval. */
    public static FolderWatch none() {
        return new FolderWatch(false);
    }

    /** The watch service, made now if it is the first call; null where there is none. */
    private WatchService service() {
        if (service == null && usable) {
            usable = false;
            try {
                service = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                // too many inotify instances for this user (fs.inotify.max_user_instances), for one
                LOG.log(System.Logger.Level.WARNING, "cannot watch the promise folders (" + e.getMessage() + "):"
                        + " every service file is looked at at the full-scan interval instead");
            }
        }
        return service;
    }

    /**
     * Watches each of {@code folders} that is a folder now and is not watched yet. A folder that does not exist
     * is not watched, and needs not be: its appearing changes its parent's listing, which the executor looks at.
     */
    public synchronized void watch(List<Path> folders) {
        WatchService service = service();
        if (service == null) {
            complete = false;
            return;
        }
        boolean all = true;
        for (Path folder : folders) {
            WatchKey key = keys.get(folder);
            if (key != null && key.isValid()) {
                continue;
            }
            keys.remove(folder);
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                // missing, or a link to a folder: a link replaced by another would leave the watch on the old one
                all &= !Files.exists(folder, LinkOption.NOFOLLOW_LINKS);
                continue;
            }
            try {
                keys.put(folder, folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
            } catch (IOException | ClosedWatchServiceException | UnsupportedOperationException e) {
                // out of inotify watches (fs.inotify.max_user_watches), a folder gone meanwhile...
                LOG.log(System.Logger.Level.DEBUG, "cannot watch " + folder + ": " + e.getMessage());
                all = false;
            }
        }
        complete = all;
    }

    /**
     * Whether every folder given to the last {@link #watch} that exists is watched, so that an edit in any of them is
     * told by {@link #changed()}.
     */
    public synchronized boolean complete() {
        return complete;
    }

    /**
     * Whether anything happened in a watched folder since the last call: an event, events lost (the kernel's queue
     * overflowed), or a folder that went away (then {@link #complete()} is false until it is watched again).
     */
    public synchronized boolean changed() {
        if (service == null) {
            return false;
        }
        boolean changed = false;
        try {
            for (WatchKey key = service.poll(); key != null; key = service.poll()) {
                changed |= !key.pollEvents().isEmpty();
                if (!key.reset()) {
                    keys.values().remove(key);
                    complete = false;
                    changed = true;
                }
            }
        } catch (ClosedWatchServiceException e) {
            complete = false;
        }
        return changed;
    }

    @Override
    public synchronized void close() {
        usable = false;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // the descriptor is gone either way
            }
        }
        complete = false;
    }
}
