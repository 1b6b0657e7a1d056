package io.promisemonitor.core.render;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Services with real histories (journals on disk) and statuses recorded as the dashboard records them, in every
 * state a page can show: the models of a render, without an executor.
 */
final class Sites {

    static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    final MonitorConfig monitor;
    final HistoryStore history;
    final List<ServiceConfig> services = new ArrayList<>();
    final Map<String, ServiceStatus> statuses = new HashMap<>();

    Sites(Path dir) {
        monitor = TestConfigs.monitor(dir).title("Box").build();
        history = HistoryStore.open(monitor.historyFolder(), monitor.publicFolder(), ZoneOffset.UTC, "test", 1000,
                200, 100);
    }

    ServiceConfig service(String name, String title) {
        ServiceConfig service = TestConfigs.service(monitor, name).title(title).build();
        services.add(service);
        return service;
    }

    /** A run of {@code service} at {@code at} giving {@code result}, recorded in its status and history. */
    void result(ServiceConfig service, Instant at, PromiseResult result) {
        ServiceStatus last = statuses.get(service.name());
        boolean changed = last == null || last.status() != result.status();
        ServiceStatus s = ServiceStatus.builder(service.name()).title(service.title()).result(result)
                .startDate(at.atOffset(ZoneOffset.UTC))
                .changeDate((changed ? at : last.changeDate().toInstant()).atOffset(ZoneOffset.UTC))
                .executionTime(Duration.ofMillis(120)).build();
        history.recordRun(s, changed, last == null ? Optional.empty() : Optional.of(last.status()));
        statuses.put(service.name(), s);
    }

    SiteState state(Instant now) {
        return new SiteState(monitor, now, ZoneOffset.UTC, services, statuses, history, Optional.of(now), List.of(),
                Duration.ofSeconds(30), 100);
    }

    /**
     * {@code n} services in turn OK, failing with perfdata and details, warning, never run, stale, and with messages
     * holding markup, non-ASCII text, control characters and the marker characters of stencils.
     */
    static Sites varied(Path dir, int n) {
        Sites site = new Sites(dir);
        String[] messages = {"fine", "full & <gone> \"quoted\" 'single'", "héllo wörld 漢字 😀", "bell \u0007 here",
            "private \uE000use\uE001 chars", "line one\nline two"};
        for (int i = 0; i < n; i++) {
            ServiceConfig s = site.service(String.format("service-%03d", i), i % 7 == 0 ? "" : "Service " + i);
            String message = messages[i % messages.length];
            switch (i % 5) {
                case 0 -> {
                    for (int run = 0; run < 4; run++) {
                        site.result(s, START.plus(Duration.ofMinutes(run)), PromiseResult.ok(message));
                    }
                }
                case 1 -> {
                    site.result(s, START, PromiseResult.ok("fine"));
                    site.result(s, START.plus(Duration.ofMinutes(1)), PromiseResult.error(message)
                            .withDetails("df said:\n/srv 100%")
                            .withPerfdata(List.of(new Perfdata("/srv", 97, "%", "90", "95", "0", "100"),
                                    Perfdata.of("time", 0.12, "s"))));
                    site.result(s, START.plus(Duration.ofMinutes(2)), PromiseResult.error(message));
                }
                case 2 -> site.result(s, START.plus(Duration.ofMinutes(i % 3)), PromiseResult.of(Status.WARNING,
                        message));
                case 3 -> {
                    // never run: PENDING
                }
                default -> {
                    site.result(s, START.minus(Duration.ofHours(2)), PromiseResult.unknown(message));
                    site.history.recordAction(s.name(), s.title(), Status.UNKNOWN, "restarted " + message,
                            START.minus(Duration.ofHours(1)));
                }
            }
        }
        return site;
    }
}
