package io.promisemonitor.core.testing;

import io.promisemonitor.core.config.ConfigKey;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.OutputMode;
import io.promisemonitor.core.config.Runner;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.config.Settings;
import io.promisemonitor.core.schedule.Schedule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Configurations for tests, built directly (no config file) with the default SlapOS layout under an instance
 * root, usually a {@code @TempDir}:
 *
 * <pre>{@code
 * MonitorConfig config = TestConfigs.monitor(instance).title("Box").build();
 * ServiceConfig disk = TestConfigs.service(config, "disk").title("Disk space").build();
 * }</pre>
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static MonitorBuilder monitor(Path instanceRoot) {
        return new MonitorBuilder(instanceRoot.toAbsolutePath().normalize());
    }

    /** The default layout with nothing else configured. */
    public static MonitorConfig monitorConfig(Path instanceRoot) {
        return monitor(instanceRoot).build();
    }

    /** A service whose promise is the executable beside its {@code .cfg}, run every minute. */
    public static ServiceBuilder service(MonitorConfig config, String name) {
        return new ServiceBuilder(config, name);
    }

    /** A schedule stub firing at the start of every minute, without cron-utils. */
    public static Schedule everyMinute() {
        return new Schedule() {
            @Override
            public ZonedDateTime next(ZonedDateTime after) {
                return after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            }

            @Override
            public Duration longestPeriod() {
                return Duration.ofMinutes(1);
            }

            @Override
            public String expression() {
                return "* * * * *";
            }
        };
    }

    /** Every key not set here has the default an empty monitor.conf gives it. */
    public static final class MonitorBuilder {
        private final Path instance;
        private Settings settings;

        private MonitorBuilder(Path instance) {
            this.instance = instance;
            this.settings = Settings.defaults(instance).with(MonitorKeys.TITLE, "Test monitor");
        }

        /** Sets {@code key} as monitor.conf would. */
        public <T> MonitorBuilder set(ConfigKey<T> key, T value) {
            settings = settings.with(key, value);
            return this;
        }

        public MonitorBuilder title(String newTitle) {
            return set(MonitorKeys.TITLE, newTitle);
        }

        public MonitorBuilder publicPaths(Path... paths) {
            return set(MonitorKeys.PUBLIC_PATH_LIST, plus(settings.get(MonitorKeys.PUBLIC_PATH_LIST), paths));
        }

        public MonitorBuilder privatePaths(Path... paths) {
            return set(MonitorKeys.PRIVATE_PATH_LIST, plus(settings.get(MonitorKeys.PRIVATE_PATH_LIST), paths));
        }

        public MonitorBuilder monitorUrls(String... urls) {
            List<URI> all = new ArrayList<>(settings.get(MonitorKeys.MONITOR_URL_LIST));
            for (String url : urls) {
                all.add(URI.create(url));
            }
            return set(MonitorKeys.MONITOR_URL_LIST, all);
        }

        public MonitorBuilder baseUrl(String url) {
            return set(MonitorKeys.BASE_URL, Optional.of(URI.create(url)));
        }

        public MonitorConfig build() {
            return MonitorConfig.of(instance, instance.resolve("etc/monitor.conf"), settings);
        }

        private static List<Path> plus(List<Path> before, Path... more) {
            List<Path> all = new ArrayList<>(before);
            all.addAll(Arrays.asList(more));
            return all;
        }
    }

    public static final class ServiceBuilder {
        private final MonitorConfig config;
        private final String name;
        private String title;
        private final List<Path> publicPaths = new ArrayList<>();
        private final List<Path> privatePaths = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(20);
        private OutputMode output = OutputMode.AUTO;

        private ServiceBuilder(MonitorConfig config, String name) {
            this.config = config;
            this.name = name;
            this.title = name;
        }

        public ServiceBuilder title(String newTitle) {
            this.title = newTitle;
            return this;
        }

        public ServiceBuilder publicPaths(Path... paths) {
            publicPaths.addAll(Arrays.asList(paths));
            return this;
        }

        public ServiceBuilder privatePaths(Path... paths) {
            privatePaths.addAll(Arrays.asList(paths));
            return this;
        }

        public ServiceBuilder timeout(Duration newTimeout) {
            this.timeout = newTimeout;
            return this;
        }

        public ServiceBuilder output(OutputMode mode) {
            this.output = mode;
            return this;
        }

        public ServiceConfig build() {
            Path folder = config.promiseFolder();
            return new ServiceConfig(name, folder.resolve(name + ".cfg"), title, everyMinute(), publicPaths,
                    privatePaths, timeout, output, new Runner.Executable(folder.resolve(name)));
        }
    }
}
