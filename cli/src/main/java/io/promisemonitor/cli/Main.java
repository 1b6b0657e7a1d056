package io.promisemonitor.cli;

import io.promisemonitor.core.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code monitor} command. Every subcommand is listed here, and only here. */
@Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Promise Monitor: runs each service's promise on its schedule, publishes status files,"
                + " a dashboard and a feed, and serves them.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            ExecutorCommand.class,
            ServeCommand.class,
            RunPromiseCommand.class,
            RunDueCommand.class,
            StatusCommand.class,
            ValidateCommand.class,
            CrontabCommand.class,
            CheckCommand.class,
            HeartbeatUrlCommand.class,
            PasswdCommand.class,
            InstallCgiCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; tests call this with their own writers. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Main());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof UserError) {
                // A user's mistake: the message says it all, no stack trace.
                cmd.getErr().println(e.getMessage());
                return e instanceof UserError ? ((UserError) e).exitCode() : 2;
            }
            throw e;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"monitor " + (v == null ? "(development build)" : v)};
        }
    }
}
