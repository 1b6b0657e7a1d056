package io.promisemonitor.core.fleet;

import java.time.Duration;

/**
 * What reading the related monitors may cost: a related monitor that answers slowly, hugely, with redirects or
 * with garbage is shown as unreachable, with the reason, once one of these is reached.
 *
 * @param connectTimeout to open a connection
 * @param answerTimeout for one file's whole answer, headers and body
 * @param monitorTimeout for everything read from one monitor in a round
 * @param roundTimeout for a whole round; monitors not read by then are unreachable for this round
 * @param indexBytes the largest {@code monitor.haljson} taken
 * @param fileBytes the largest status or heartbeat file taken
 * @param maxRedirects redirects followed per file
 * @param maxServices services read per monitor
 * @param parallel monitors read at once
 */
public record FleetLimits(Duration connectTimeout, Duration answerTimeout, Duration monitorTimeout,
        Duration roundTimeout, long indexBytes, long fileBytes, int maxRedirects, int maxServices, int parallel) {

    public static final FleetLimits DEFAULT = new FleetLimits(Duration.ofSeconds(3), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(50), 8L << 20, 256L << 10, 5, 10_000, 4);

    /** A cron minute's round ({@code monitor run-due}), after its runs: short, the next minute is coming. */
    public static final FleetLimits CRON_MINUTE = new FleetLimits(Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(20), 8L << 20, 256L << 10, 5, 10_000, 4);
}
