package io.promisemonitor.cli;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.dashboard.DashboardSettings;
import io.promisemonitor.core.history.AvailabilityReports;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.history.ReportPeriod;
import io.promisemonitor.core.liveness.ExecutorGaps;
import io.promisemonitor.core.publish.UrlLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the availability report of a month or an ISO week into <web>/reports/ (.html, .csv,"
                + " .json), from the history alone, with the rules of monitor.conf (report-unknown-as); the current"
                + " month or week gives a report so far. The executor writes last week's and last month's by itself"
                + " once they end.",
            "", "Example:", "  monitor report --month 2026-11 --instance /srv/slapgrid/slappart3",
            "  monitor report --week 2026-W48"})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    InstanceOption instance;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Period period;

    static final class Period {
        @Option(names = "--month", paramLabel = "YYYY-MM", description = "A month, such as 2026-11")
        String month;

        @Option(names = "--week", paramLabel = "YYYY-Www", description = "An ISO week, such as 2026-W48")
        String week;
    }

    @Spec
    CommandSpec spec;

    private final Clock clock;

    ReportCommand() {
        this(Clock.systemDefaultZone());
    }

    ReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MonitorConfig monitor = instance.monitor();
        Optional<ZoneId> configured = monitor.settings().get(MonitorKeys.TIMEZONE);
        ZoneId zone = configured == null ? clock.getZone() : configured.orElse(clock.getZone());
        Instant now = clock.instant();
        DashboardSettings settings = DashboardSettings.of(monitor);
        try {
            ReportPeriod p = period.month != null ? ReportPeriod.parseMonth(period.month, zone)
                    : ReportPeriod.parseWeek(period.week, zone);
            String salt = monitor.baseUrl().map(UrlLayout::withTrailingSlash)
                    .orElse(monitor.instanceRoot().toString());
            HistoryStore store = HistoryStore.open(monitor.historyFolder(), monitor.publicFolder(), clock, salt,
                    settings.historyRuns(), settings.historyChanges(), settings.feedItems(), settings.historyKeep());
            AvailabilityReports.Report report = AvailabilityReports.build(p, now, store,
                    ExecutorGaps.read(monitor, now), settings.unknownAs());
            List<Path> files = AvailabilityReports.write(AvailabilityReports.folder(monitor), report);
            out.println(p.kind() + " " + p.name() + (report.complete() ? "" : " so far") + ": "
                    + report.services().size() + " services, rules: report-unknown-as = "
                    + settings.unknownAs().word());
            for (Path f : files) {
                out.println("  " + f);
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("monitor report: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
