package io.promisemonitor.cli;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.Runner;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.heartbeat.HeartbeatFiles;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.promises.heartbeat.HeartbeatPromise;
import io.promisemonitor.web.WebSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "heartbeat-url", mixinStandardHelpOptions = true,
        description = {"Prints the ping URL of a heartbeat service (promise = heartbeat) and a ready crontab line;"
                + " makes the service's secret token when it has none yet. The URL starts with base-url, else the"
                + " web server's httpd-address and httpd-port.",
            "", "Example:", "  monitor heartbeat-url --instance /srv/slapgrid/slappart3 nightly-backup"})
final class HeartbeatUrlCommand implements Callable<Integer> {

    static final String JOB = "YOUR-JOB";

    @Mixin
    InstanceOption instance;

    @Parameters(paramLabel = "SERVICE", description = "The service name (its .cfg file's base name)")
    String service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MonitorConfig monitor = instance.monitor();
        Path cfg = ServiceLookup.cfgOf(monitor, service);
        ServiceConfig config = InstanceConfig.loadService(monitor, cfg);
        if (!(config.runner() instanceof Runner.BuiltIn)
                || !((Runner.BuiltIn) config.runner()).name().equals("heartbeat")) {
            throw new UserError("service '" + service + "' is not a heartbeat; allowed: a service with"
                    + " 'promise = heartbeat' in " + cfg, 2);
        }
        Runner.BuiltIn builtIn = (Runner.BuiltIn) config.runner();
        String cron;
        try {
            cron = HeartbeatPromise.cronPeriod(builtIn.options()).map(s -> s.expression())
                    .orElseGet(() -> cronFor(HeartbeatPromise.fixedPeriod(builtIn.options()).orElseThrow())
                            .orElse(null));
        } catch (ConfigException e) {
            throw new UserError(e.getMessage(), 2);
        }
        String url = base(monitor, out) + "hb/" + HeartbeatFiles.of(monitor, service).tokenOrCreate();
        out.println(url);
        out.println("# crontab line: replace " + JOB + " with the job's command; " + url + "/start before it and "
                + url + "/fail (or /<exit code>) after it are also understood");
        if (cron == null) {
            out.println("# set the schedule (m h dom mon dow) to the job's period");
            cron = "m h * * *";
        }
        out.println(cron + " " + JOB + " && curl -fsS -m 10 " + url + " >/dev/null");
        return 0;
    }

    /** base-url, else the server's own address; a wildcard or picked port is said to need a fix. */
    private static String base(MonitorConfig monitor, PrintWriter out) {
        if (monitor.baseUrl().isPresent()) {
            return UrlLayout.withTrailingSlash(monitor.baseUrl().get());
        }
        WebSettings web = WebSettings.of(monitor);
        if (web.address().equals("0.0.0.0") || web.address().equals("::")) {
            out.println("# the web server listens on every address (" + web.address() + "): replace it below with"
                    + " this machine's name, or set base-url in " + monitor.configFile());
        }
        if (web.port() == 0) {
            out.println("# httpd-port is 0 (picked at start): replace 0 below with the port, or set base-url in "
                    + monitor.configFile());
        }
        return web.url(web.port()).toString();
    }

    /** The cron expression of a period cron can say: minutes dividing an hour, hours dividing a day, a day, a week. */
    static Optional<String> cronFor(Duration period) {
        long minutes = period.toMinutes();
        if (period.toSeconds() % 60 != 0 || minutes == 0) {
            return Optional.empty();
        }
        if (minutes < 60 && 60 % minutes == 0) {
            return Optional.of(minutes == 1 ? "* * * * *" : "*/" + minutes + " * * * *");
        }
        if (minutes % 60 == 0) {
            long hours = minutes / 60;
            if (hours < 24 && 24 % hours == 0) {
                return Optional.of(hours == 1 ? "0 * * * *" : "0 */" + hours + " * * *");
            }
            if (hours == 24) {
                return Optional.of("0 0 * * *");
            }
            if (hours == 24 * 7) {
                return Optional.of("0 0 * * 0");
            }
        }
        return Optional.empty();
    }
}
