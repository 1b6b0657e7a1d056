package io.promisemonitor.cli;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.ServiceConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "crontab", mixinStandardHelpOptions = true,
        description = {"Prints crontab lines that run each service with 'monitor run-promise', for those who"
                + " prefer system cron to 'monitor executor'. Each line stays far under cron's 999 characters.",
            "", "Example:", "  monitor crontab --instance /srv/slapgrid/slappart3 | crontab -"})
final class CrontabCommand implements Callable<Integer> {

    /** Cron refuses longer command lines. */
    static final int CRON_LINE_LIMIT = 999;

    @Mixin
    InstanceOption instance;

    @Option(names = "--monitor", paramLabel = "COMMAND",
            description = "How cron starts the monitor (default: the launcher that started this command)")
    String launcher;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        InstanceConfig config = InstanceConfig.load(instance.root());
        String command = launcher != null ? launcher : defaultLauncher();
        out.println("# Promise Monitor for " + config.monitor().instanceRoot() + " (monitor crontab)");
        for (ServiceConfig s : config.services().values()) {
            String line = s.frequency().expression() + " " + escape(command + " --instance "
                    + quote(config.monitor().instanceRoot().toString()) + " run-promise " + s.name()
                    + " >/dev/null 2>&1");
            if (line.length() > CRON_LINE_LIMIT) {
                throw new UserError("the cron line for " + s.name() + " would be " + line.length()
                        + " characters; cron allows " + CRON_LINE_LIMIT + ": give a shorter --monitor", 2);
            }
            out.println(line);
        }
        for (String broken : config.broken().keySet()) {
            out.println("# " + broken + ": not listed, its .cfg has problems (monitor validate)");
        }
        return 0;
    }

    private static String defaultLauncher() {
        String fromLauncher = System.getenv("MONITOR_LAUNCHER");
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            return quote(fromLauncher);
        }
        String jar = Main.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return "java -jar " + quote(jar);
    }

    /** Cron turns an unescaped % into a newline. */
    private static String escape(String command) {
        return command.replace("%", "\\%");
    }

    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_./:=@+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
