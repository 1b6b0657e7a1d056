package io.promisemonitor.core.dashboard;

import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.ServiceRunOutcome;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.status.StatusChange;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.core.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dashboard over real files, fed results the way the executor feeds it (StatusStore.record, then the listener),
 * with a settable clock. Services are given directly, as the executor's list would be.
 */
final class Site implements AutoCloseable {

    final MonitorConfig monitor;
    final MutableClock clock;
    final StatusStore store;
    final List<ServiceConfig> services = new ArrayList<>();
    /** Why the next runs of a service happen (a rerun); a schedule when not said. */
    final Map<String, RunReason> reasons = new HashMap<>();
    final Dashboard dashboard;

    Site(MonitorConfig monitor, MutableClock clock, DashboardSettings settings) {
        this.monitor = monitor;
        this.clock = clock;
        this.store = StatusStore.of(monitor, clock);
        this.dashboard = new Dashboard(monitor, clock, settings, () -> List.copyOf(services));
    }

    Site(MonitorConfig monitor, MutableClock clock) {
        this(monitor, clock, DashboardSettings.of(monitor));
    }

    ServiceConfig add(ServiceConfig service) {
        services.add(service);
        return service;
    }

    /** One run of {@code service} starting now and taking 120 ms, recorded and told to the dashboard. */
    StatusChange result(ServiceConfig service, PromiseResult result) {
        StatusChange change = store.record(service, result, clock.instant(), Duration.ofMillis(120), 0);
        ServiceRunOutcome outcome = ServiceRunOutcome.ran(service.name(), change.current(),
                reasons.getOrDefault(service.name(), RunReason.SCHEDULE));
        // as the executor does: recorded under the service's lock, released after
        dashboard.recorded(outcome, change);
        dashboard.released(outcome);
        return change;
    }

    Path web(String relative) {
        return monitor.webFolder().resolve(relative);
    }

    String read(String relative) {
        try {
            return Files.readString(web(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String index() {
        return read("index.html");
    }

    @Override
    public void close() {
        dashboard.close();
    }
}
