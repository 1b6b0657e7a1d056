package io.promisemonitor.core.config;

import io.promisemonitor.core.schedule.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One service, read from {@code etc/monitor-promise/<name>.cfg}. {@code name} is the file's base name and the
 * service id everywhere (status file, URLs, lock file).
 */
public record ServiceConfig(
        String name,
        Path cfgFile,
        String title,
        Schedule frequency,
        List<Path> publicPathList,
        List<Path> privatePathList,
        Duration timeout,
        OutputMode output,
        Runner runner,
        ChangeRules changeRules) {

    public ServiceConfig {
        publicPathList = List.copyOf(publicPathList);
        privatePathList = List.copyOf(privatePathList);
        changeRules = changeRules == null ? ChangeRules.NONE : changeRules;
    }

    /** A service whose every result is told as it comes ({@link ChangeRules#NONE}). */
    public ServiceConfig(String name, Path cfgFile, String title, Schedule frequency, List<Path> publicPathList,
            List<Path> privatePathList, Duration timeout, OutputMode output, Runner runner) {
        this(name, cfgFile, title, frequency, publicPathList, privatePathList, timeout, output, runner,
                ChangeRules.NONE);
    }

    /**
     * How long a result stays believable: twice the schedule's longest period plus the timeout. Older, it is STALE
     * ({@code Staleness}); its status file says when, as {@code valid-until}.
     */
    public Duration resultLifetime() {
        // twice by addition: Duration.multipliedBy goes through BigDecimal, whose first use a cron line's run pays
        Duration period = frequency.longestPeriod();
        return period.plus(period).plus(timeout);
    }
}
