package io.promisemonitor.core.executor;

import io.promisemonitor.core.catalogue.CatalogueChange;
import io.promisemonitor.core.catalogue.CatalogueEntry;
import io.promisemonitor.core.catalogue.CatalogueListener;
import io.promisemonitor.core.status.ServiceStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Decides what runs when, and nothing else: each service's next firing from its cron expression (in the clock's
 * zone, plus a stable offset inside the minute when starts are spread), kept up to date from the catalogue's
 * changes. {@link #due} hands out the services whose time has come; running them is the executor's job.
 */
final class Scheduler implements CatalogueListener {

    /** A forward jump of the wall clock up to this long runs the firings it skipped; a longer one does not. */
    static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(1);

    private final Clock clock;
    private final boolean spread;
    private final Function<String, Optional<ServiceStatus>> lastStatus;
    private final Supplier<Set<String>> recorded;
    private final Map<String, Planned> plan = new HashMap<>();
    /**
     * The same plans by next firing (then name): {@link #due}, five times a second, looks only at the ones due, not
     * at every service (walking ten thousand of them was most of this thread's time).
     */
    private final PriorityQueue<Planned> queue = new PriorityQueue<>(Planned.ORDER);

    private static final class Planned {
        static final Comparator<Planned> ORDER = Comparator.<Planned, Instant>comparing(p -> p.nextRun)
                .thenComparing(p -> p.entry.name());
        final CatalogueEntry entry;
        final Duration offset;
        Instant nextRun;

        Planned(CatalogueEntry entry, Duration offset) {
            this.entry = entry;
            this.offset = offset;
        }
    }

    /**
     * @param lastStatus a service's last recorded status, which tells at start-up whether it missed its period
     * @param recorded the services that have a status at all (one listing at start-up, not an open per service)
     */
    Scheduler(Clock clock, boolean spread, Function<String, Optional<ServiceStatus>> lastStatus,
            Supplier<Set<String>> recorded) {
        this.clock = clock;
        this.spread = spread;
        this.lastStatus = lastStatus;
        this.recorded = recorded;
    }

    @Override
    public synchronized void changed(CatalogueChange change) {
        Instant now = change.at();
        Set<String> known = change.first() ? recorded.get() : Set.of();
        for (String name : change.removed()) {
            Planned gone = plan.remove(name);
            if (gone != null) {
                queue.remove(gone);
            }
        }
        List<String> fresh = new ArrayList<>(change.added());
        fresh.addAll(change.changed());
        for (String name : fresh) {
            CatalogueEntry entry = change.services().get(name);
            Planned p = new Planned(entry, spread ? offsetOf(name) : Duration.ZERO);
            // A new or edited service runs at once, so its author sees the effect; at start-up, see firstRun.
            p.nextRun = change.first() && known.contains(name) ? firstRun(p, now) : now;
            Planned replaced = plan.put(name, p);
            if (replaced != null) {
                queue.remove(replaced);
            }
            queue.add(p);
        }
    }

    /** The services whose firing has come by {@code now}, each planned for its next firing. */
    synchronized List<CatalogueEntry> due(Instant now) {
        List<Planned> fired = new ArrayList<>();
        while (!queue.isEmpty() && !now.isBefore(queue.peek().nextRun)) {
            fired.add(queue.poll());
        }
        // in the order of their names, as when several fire at once (at start-up)
        fired.sort(Comparator.comparing(p -> p.entry.name()));
        List<CatalogueEntry> due = new ArrayList<>(fired.size());
        for (Planned p : fired) {
            p.nextRun = nextFiring(p, now);
            queue.add(p);
            due.add(p.entry);
        }
        return due;
    }

    /**
     * Every wall-clock time is planned again from {@code now}: each service waits for its next firing in the new
     * wall time. Firings a forward jump skipped are not caught up (that would start everything at once), except
     * after a short one, such as NTP stepping the clock by seconds: those are at most one minute's usual runs.
     *
     * @return whether the skipped firings run now
     */
    synchronized boolean timeJumped(Instant now, Duration jump) {
        boolean catchUp = !jump.isNegative() && jump.compareTo(CATCH_UP_LIMIT) <= 0;
        if (!catchUp) {
            queue.clear();
            for (Planned p : plan.values()) {
                p.nextRun = nextFiring(p, now);
                queue.add(p);
            }
        }
        return catchUp;
    }

    /**
     * At start-up a service with no status yet, or one older than its period, runs at once; others wait for
     * their next firing, so restarting the monitor does not fire everything.
     */
    private Instant firstRun(Planned p, Instant now) {
        Optional<ServiceStatus> last = lastStatus.apply(p.entry.name());
        Duration period = p.entry.config().frequency().longestPeriod();
        if (last.isEmpty() || last.get().startDate().toInstant().plus(period).isBefore(now)) {
            return now;
        }
        return nextFiring(p, now);
    }

    private Instant nextFiring(Planned p, Instant now) {
        ZonedDateTime base = ZonedDateTime.ofInstant(now.minus(p.offset), clock.getZone());
        return p.entry.config().frequency().next(base).toInstant().plus(p.offset);
    }

    /** A stable offset inside the minute from the service name, so a hundred services do not all fire at :00. */
    static Duration offsetOf(String service) {
        CRC32 crc = new CRC32();
        crc.update(service.getBytes(StandardCharsets.UTF_8));
        return Duration.ofMillis(crc.getValue() % 60_000);
    }
}
