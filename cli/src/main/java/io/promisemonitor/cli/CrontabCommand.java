package io.promisemonitor.cli;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "crontab", mixinStandardHelpOptions = true,
        description = {"Prints the system cron lines that run this instance without 'monitor executor': by default one"
                + " line a minute running 'monitor run-due' (every service due that minute, in one process); with"
                + " --per-service one 'monitor run-promise' line per service on its own schedule. Their output goes"
                + " to <state-folder>/cron.log, kept under 1 MiB. Lines stay far under cron's 999 characters.",
            "", "Example:", "  monitor crontab --instance /srv/slapgrid/slappart3 | crontab -",
            "  monitor crontab --instance /srv/monitor --cron-d monitor > /etc/cron.d/promise-monitor"})
final class CrontabCommand implements Callable<Integer> {

    /** Cron refuses longer command lines. */
    static final int CRON_LINE_LIMIT = 999;

    /** A user name cron.d accepts. */
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    @Mixin
    InstanceOption instance;

    @Option(names = "--monitor", paramLabel = "COMMAND",
            description = "How cron starts the monitor (default: this Java and jar, with the options this command"
                    + " was started with)")
    String launcher;

    @Option(names = "--per-service", description = "One 'run-promise' line per service instead of one 'run-due' line")
    boolean perService;

    @Option(names = "--cron-d", paramLabel = "USER",
            description = "Write lines for /etc/cron.d/ (and /etc/crontab): a user field, here USER")
    String cronDUser;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (cronDUser != null && !USER.matcher(cronDUser).matches()) {
            throw new UserError("--cron-d '" + cronDUser + "': not a user name (lower-case letters, digits, _ . -,"
                    + " at most 32, starting with a letter or _)", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        InstanceConfig config = InstanceConfig.load(instance.root());
        // The lines append to a log in the state folder: the shell cannot create the folder, so make it now.
        PromiseExecutor.prepareFolders(config.monitor());
        Path root = config.monitor().instanceRoot();
        String monitor = launcher != null ? launcher : defaultLauncher();
        String log = " >>" + quote(CronLog.of(config.monitor()).toString()) + " 2>&1";
        String user = cronDUser == null ? "" : cronDUser + " ";
        out.println("# Promise Monitor for " + root + " (monitor crontab); its output: " + CronLog.of(config.monitor()));
        if (cronDUser != null) {
            // cron.d files run with cron's own minimal environment; say which shell and path the lines expect.
            out.println("SHELL=/bin/sh");
            out.println("PATH=/usr/local/bin:/usr/bin:/bin");
        }
        List<String> lines = new ArrayList<>();
        if (perService) {
            for (ServiceConfig s : config.services().values()) {
                lines.add(s.frequency().expression() + " " + user + escape(monitor + " run-promise --cron --instance "
                        + quote(root.toString()) + " " + s.name() + log));
            }
        } else {
            lines.add("* * * * * " + user + escape(monitor + " run-due --instance " + quote(root.toString()) + log));
        }
        for (String line : lines) {
            if (line.length() > CRON_LINE_LIMIT) {
                throw new UserError("a cron line would be " + line.length() + " characters; cron allows "
                        + CRON_LINE_LIMIT + ": give a shorter --monitor", 2);
            }
            out.println(line);
        }
        if (perService) {
            for (String broken : config.broken().keySet()) {
                out.println("# " + broken + ": not listed, its .cfg has problems (monitor validate)");
            }
        }
        return 0;
    }

    /** This Java, its options and jar ({@link ThisMonitor}), quoted for the shell cron runs lines with. */
    private static String defaultLauncher() {
        StringBuilder command = new StringBuilder();
        for (String word : ThisMonitor.command()) {
            command.append(command.length() == 0 ? "" : " ").append(quote(word));
        }
        return command.toString();
    }

    /** Cron turns an unescaped % into a newline. */
    private static String escape(String command) {
        return command.replace("%", "\\%");
    }

    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_./:=@+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
