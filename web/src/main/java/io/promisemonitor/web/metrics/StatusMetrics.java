package io.promisemonitor.web.metrics;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.liveness.Staleness;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code /metrics} in the Prometheus text format: per service its status (one series per status, 1 for the
 * current one, and a numeric state in Nagios order), whether it is STALE, when it last ran, how long that took,
 * when its status changed and how long ago; and the executor's last heartbeat. Read from the status files and
 * the {@code .cfg} files at each scrape, so it works in a process without an executor ({@code monitor serve}); a
 * status whose {@code .cfg} is gone is a removed service's and is left out. docs/metrics.md lists every metric.
 */
public final class StatusMetrics {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter reruns;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    /** @param failedLogins failed logins since start */
    public StatusMetrics(MonitorConfig monitor, Clock clock, LongSupplier failedLogins) {
        StatusStore store = StatusStore.of(monitor, clock);
        registry.register(new Services(monitor, store, clock));
        registry.register((Collector) () -> CounterSnapshot.builder().name("promise_monitor_failed_logins")
                .help("Failed logins on this web server since it started")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(failedLogins.getAsLong()).build())
                .build());
        reruns = Counter.builder().name("promise_monitor_rerun_requests").help("Rerun requests by HTTP answer")
                .labelNames("code").register(registry);
    }

    private StatusMetrics(MonitorConfig monitor, Clock clock) {
        registry.register(new Services(monitor, StatusStore.of(monitor, clock), clock));
        reruns = null;
    }

    /**
     * The services' series only, without the web server's counters: for a file that node_exporter's textfile
     * collector reads, written by a process that serves nothing.
     */
    public static StatusMetrics servicesOnly(MonitorConfig monitor, Clock clock) {
        return new StatusMetrics(monitor, clock);
    }

    /** Counts one answered rerun request. */
    public void rerunAnswered(int status) {
        if (reruns != null) {
            reruns.labelValues(String.valueOf(status)).inc();
        }
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /**
     * Writes the series in the format the scraper's {@code Accept} asks for (OpenMetrics when it names
     * {@code application/openmetrics-text}, else Prometheus's text format) and returns its content type.
     */
    public String write(OutputStream out, String accept) throws IOException {
        if (accept != null && openMetrics.accepts(accept)) {
            openMetrics.write(out, registry.scrape());
            return openMetrics.getContentType();
        }
        writer.write(out, registry.scrape());
        return CONTENT_TYPE;
    }

    /** Gauges made from the status files at each scrape. */
    private static final class Services implements MultiCollector {
        private final MonitorConfig monitor;
        private final StatusStore store;
        private final Clock clock;
        private final Map<String, Cfg> configs = new ConcurrentHashMap<>();

        /** A service's configuration as read, with the identity of its file then, so a scrape parses only edits. */
        private record Cfg(Object identity, Optional<ServiceConfig> config) {
        }

        Services(MonitorConfig monitor, StatusStore store, Clock clock) {
            this.monitor = monitor;
            this.store = store;
            this.clock = clock;
        }

        /** Empty when the service has no {@code .cfg} any more: removed. */
        private Optional<Cfg> config(String service) {
            Path file = InstanceConfig.serviceFile(monitor, service).orElse(monitor.promiseFolder().resolve(service
                    + InstanceConfig.CFG_SUFFIX));
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                configs.remove(service);
                return Optional.empty();
            }
            Object identity = List.of(String.valueOf(attributes.fileKey()), attributes.size(),
                    attributes.lastModifiedTime());
            Cfg known = configs.get(service);
            if (known != null && known.identity.equals(identity)) {
                return Optional.of(known);
            }
            Optional<ServiceConfig> config;
            try {
                config = Optional.of(InstanceConfig.loadService(monitor, file));
            } catch (ConfigException e) {
                config = Optional.empty(); // a broken file: the executor records it as ERROR, never STALE
            }
            Cfg fresh = new Cfg(identity, config);
            configs.put(service, fresh);
            return Optional.of(fresh);
        }

        @Override
        public MetricSnapshots collect() {
            List<ServiceStatus> all = new ArrayList<>();
            Map<String, Boolean> stale = new HashMap<>();
            Instant now = clock.instant();
            for (ServiceStatus s : store.readAll()) {
                Optional<Cfg> cfg = config(s.id());
                if (cfg.isPresent()) {
                    all.add(s);
                    stale.put(s.id(), cfg.get().config.filter(c -> Staleness.isStale(s, c, now)).isPresent());
                }
            }
            configs.keySet().removeIf(name -> !stale.containsKey(name));
            GaugeSnapshot.Builder status = GaugeSnapshot.builder().name("promise_monitor_service_status")
                    .help("1 for the service's current status, 0 for the others");
            GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("promise_monitor_service_state")
                    .help("Current status as a number: 0 OK, 1 WARNING, 2 ERROR, 3 UNKNOWN");
            GaugeSnapshot.Builder staleness = GaugeSnapshot.builder().name("promise_monitor_service_stale")
                    .help("1 when the last result is STALE (runs stopped happening), else 0");
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
                staleness.dataPoint(point(service, stale.get(s.id()) ? 1 : 0));
                lastRun.dataPoint(point(service, seconds(s.startDate().toInstant())));
                execution.dataPoint(point(service, s.executionTime().toNanos() / 1e9));
                changed.dataPoint(point(service, seconds(s.changeDate().toInstant())));
                since.dataPoint(point(service, Math.max(0,
                        Duration.between(s.changeDate().toInstant(), now).toMillis() / 1000.0)));
            }
            GaugeSnapshot count = GaugeSnapshot.builder().name("promise_monitor_services")
                    .help("Services with a status file and a .cfg file")
                    .dataPoint(point(Labels.EMPTY, all.size())).build();
            GaugeSnapshot.Builder heartbeat = GaugeSnapshot.builder()
                    .name("promise_monitor_executor_heartbeat_timestamp_seconds")
                    .help("The executor's last heartbeat, in seconds since the epoch (written once a minute)");
            Heartbeat.read(monitor).ifPresent(t -> heartbeat.dataPoint(point(Labels.EMPTY, seconds(t))));
            return MetricSnapshots.of(count, status.build(), state.build(), staleness.build(), lastRun.build(),
                    execution.build(), changed.build(), since.build(), heartbeat.build());
        }

        private static double seconds(Instant t) {
            return t.toEpochMilli() / 1000.0;
        }

        private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
            return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
        }
    }
}
