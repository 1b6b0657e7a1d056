package io.promisemonitor.core.publish;

import io.promisemonitor.core.catalogue.CatalogueChange;
import io.promisemonitor.core.catalogue.CatalogueListener;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What an instance publishes about its services as a whole, whoever runs them (the executor, or a cron minute):
 * {@code monitor.haljson}, {@code monitor.targets.json}, the public and private links of every service, and the
 * clean-up of a removed service (its status file leaves the public folder). It listens to the service catalogue:
 * a rescan that changed nothing publishes nothing. Each part failing is logged and leaves the others going.
 */
public final class Publisher implements CatalogueListener {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.executor");

    /** How often links are made again, for targets that appeared or vanished. */
    public static final Duration LINK_SYNC_INTERVAL = Duration.ofMinutes(1);

    /** The status files of the public folder, as far as the publisher deletes them. */
    public interface StatusFiles {
        /** The services that have a status file. */
        Set<String> recorded();

        void remove(String service);

        static StatusFiles of(Supplier<Set<String>> recorded, Consumer<String> remove) {
            return new StatusFiles() {
                @Override
                public Set<String> recorded() {
                    return recorded.get();
                }

                @Override
                public void remove(String service) {
                    remove.accept(service);
                }
            };
        }
    }

    private final MonitorConfig monitor;
    private final Clock clock;
    private final StatusFiles statusFiles;
    private final Predicate<String> running;
    private final Object linkLock = new Object();
    private final Set<String> removedWhileRunning = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> unreportedRepairs = new ConcurrentHashMap<>();
    private volatile List<ServiceConfig> services = List.of();
    private volatile LinkReport links = new LinkReport(List.of(), Map.of(), Set.of());
    private volatile Instant nextLinkSync = Instant.MIN;

    /**
     * @param running whether a run of the service is under way now: a removed service's status file is then
     *     deleted when that run ends ({@link #runEnded}), or the run would write it again
     */
    public Publisher(MonitorConfig monitor, Clock clock, StatusFiles statusFiles, Predicate<String> running) {
        this.monitor = monitor;
        this.clock = clock;
        this.statusFiles = statusFiles;
        this.running = running;
    }

    @Override
    public void changed(CatalogueChange change) {
        services = change.configs();
        for (String name : change.removed()) {
            forgetStatus(name);
        }
        if (change.first()) {
            // removed while nothing ran
            Set<String> recorded;
            try {
                recorded = statusFiles.recorded();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "status files: " + e.getMessage() + "; will keep running");
                recorded = Set.of();
            }
            for (String name : recorded) {
                if (!change.services().containsKey(name)) {
                    forgetStatus(name);
                }
            }
        }
        publishIndex();
    }

    /** Links again once a minute: targets come and go (a log file created later). */
    public void tick(Instant now) {
        if (!now.isBefore(nextLinkSync)) {
            syncLinks();
        }
    }

    /** Puts back at once any link someone swapped for one to elsewhere (the web server refuses to follow it). */
    public void repairReplacedLinks() {
        if (Links.anyReplaced(monitor)) {
            syncLinks();
        }
    }

    /** After any wall-clock jump: everything that waits for a time is due now. */
    public void timeJumped(Instant now) {
        nextLinkSync = now;
    }

    /** A run of {@code service} ended: a status file it wrote after the service was removed goes now. */
    public void runEnded(String service) {
        if (removedWhileRunning.remove(service)) {
            deleteStatus(service);
        }
    }

    public LinkReport links() {
        return links;
    }

    /**
     * A service's link problems after its run, for its message. A promise often creates the file it publishes (a
     * report) on its first run, so when the last sync found a target missing, links are synced again now.
     */
    public List<String> linkProblemsAfterRun(String service) {
        List<String> repaired = unreportedRepairs.remove(service);
        if (links.forService(service).isEmpty()) {
            return repaired == null ? List.of() : repaired;
        }
        synchronized (linkLock) {
            if (!links.forService(service).isEmpty()) {
                syncLinks();
            }
        }
        if (repaired == null) {
            return links.forService(service);
        }
        List<String> all = new ArrayList<>(links.forService(service));
        all.addAll(repaired);
        return all;
    }

    private void forgetStatus(String name) {
        removedWhileRunning.add(name);
        if (running.test(name)) {
            return; // its run would write the file again: runEnded deletes it
        }
        removedWhileRunning.remove(name);
        deleteStatus(name);
    }

    private void deleteStatus(String name) {
        try {
            statusFiles.remove(name);
            LOG.log(System.Logger.Level.INFO, name + ": removed (no .cfg), its status file deleted");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, name + ": " + e.getMessage() + "; will keep running");
        }
    }

    private void publishIndex() {
        try {
            HalJson.write(monitor, services);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "monitor.haljson: " + e.getMessage() + "; will keep running");
        }
        try {
            Targets.write(monitor);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, Targets.FILE + ": " + e.getMessage() + "; will keep running");
        }
        syncLinks();
    }

    private void syncLinks() {
        synchronized (linkLock) {
            syncLinksLocked();
        }
    }

    private void syncLinksLocked() {
        nextLinkSync = clock.instant().plus(LINK_SYNC_INTERVAL);
        try {
            LinkReport report = Links.of(monitor).sync(services);
            if (!report.global().equals(links.global())) {
                for (String problem : report.global()) {
                    LOG.log(System.Logger.Level.WARNING, "monitor.conf links: " + problem);
                }
            }
            report.repairedByService().forEach((service, repairs) -> {
                for (String repair : repairs) {
                    LOG.log(System.Logger.Level.WARNING, service + ": links: " + repair);
                    // said once, in the service's next message; a few say it, however often it is done again
                    List<String> pending = unreportedRepairs.computeIfAbsent(service,
                            k -> new CopyOnWriteArrayList<>());
                    if (pending.size() < 5 && !pending.contains(repair)) {
                        pending.add(repair);
                    }
                }
            });
            // once each, when it appears, rather than at every sync while it lasts
            report.byService().forEach((service, problems) -> {
                List<String> before = links.forService(service);
                for (String problem : problems) {
                    if (!before.contains(problem)) {
                        LOG.log(System.Logger.Level.WARNING, service + ": links: " + problem);
                    }
                }
            });
            links = report;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "links: " + e.getMessage() + "; will keep running");
        }
    }
}
