package io.promisemonitor.web.metrics;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code /metrics} in the Prometheus text format: per service its status (one series per status, 1 for the
 * current one, and a numeric state in Nagios order), when it last ran, how long that took, when its status
 * changed and how long ago. Read from the status files at each scrape, so it works in a process without an
 * executor ({@code monitor serve}).
 */
public final class StatusMetrics {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter reruns;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** @param failedLogins failed logins since start */
    public StatusMetrics(MonitorConfig monitor, Clock clock, LongSupplier failedLogins) {
        StatusStore store = StatusStore.of(monitor, clock);
        registry.register(new Services(store, clock));
        registry.register((Collector) () -> CounterSnapshot.builder().name("promise_monitor_failed_logins")
                .help("Failed logins on this web server since it started")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(failedLogins.getAsLong()).build())
                .build());
        reruns = Counter.builder().name("promise_monitor_rerun_requests").help("Rerun requests by HTTP answer")
                .labelNames("code").register(registry);
    }

    /** Counts one answered rerun request. */
    public void rerunAnswered(int status) {
        reruns.labelValues(String.valueOf(status)).inc();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** Gauges made from the status files at each scrape. */
    private static final class Services implements MultiCollector {
        private final StatusStore store;
        private final Clock clock;

        Services(StatusStore store, Clock clock) {
            this.store = store;
            this.clock = clock;
        }

        @Override
        public MetricSnapshots collect() {
            List<ServiceStatus> all = store.readAll();
            Instant now = clock.instant();
            GaugeSnapshot.Builder status = GaugeSnapshot.builder().name("promise_monitor_service_status")
                    .help("1 for the service's current status, 0 for the others");
            GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("promise_monitor_service_state")
                    .help("Current status as a number: 0 OK, 1 WARNING, 2 ERROR, 3 UNKNOWN");
            GaugeSnapshot.Builder lastRun = GaugeSnapshot.builder()
                    .name("promise_monitor_service_last_run_timestamp_seconds")
                    .help("When the last run began, in seconds since the epoch");
            GaugeSnapshot.Builder execution = GaugeSnapshot.builder()
                    .name("promise_monitor_service_execution_seconds").help("How long the last run took");
            GaugeSnapshot.Builder changed = GaugeSnapshot.builder()
                    .name("promise_monitor_service_status_change_timestamp_seconds")
                    .help("When the current status began, in seconds since the epoch");
            GaugeSnapshot.Builder since = GaugeSnapshot.builder()
                    .name("promise_monitor_service_seconds_since_status_change")
                    .help("How long the service has been in its current status");
            for (ServiceStatus s : all) {
                Labels service = Labels.of("service", s.id());
                for (Status each : Status.values()) {
                    status.dataPoint(point(Labels.of("service", s.id(), "status", each.name()),
                            each == s.status() ? 1 : 0));
                }
                state.dataPoint(point(service, s.status().exitCode()));
                lastRun.dataPoint(point(service, seconds(s.startDate().toInstant())));
                execution.dataPoint(point(service, s.executionTime().toNanos() / 1e9));
                changed.dataPoint(point(service, seconds(s.changeDate().toInstant())));
                since.dataPoint(point(service, Math.max(0,
                        Duration.between(s.changeDate().toInstant(), now).toMillis() / 1000.0)));
            }
            GaugeSnapshot count = GaugeSnapshot.builder().name("promise_monitor_services")
                    .help("Services with a status file").dataPoint(point(Labels.EMPTY, all.size())).build();
            return MetricSnapshots.of(count, status.build(), state.build(), lastRun.build(), execution.build(),
                    changed.build(), since.build());
        }

        private static double seconds(Instant t) {
            return t.toEpochMilli() / 1000.0;
        }

        private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
            return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
        }
    }
}
