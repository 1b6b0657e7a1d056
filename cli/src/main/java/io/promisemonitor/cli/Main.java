package io.promisemonitor.cli;

import io.promisemonitor.core.config.ConfigException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code monitor} command. Every subcommand is listed here, and only here. */
@Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Promise Monitor: runs each service's promise on its schedule, publishes status files,"
                + " a dashboard and a feed, and serves them.")
public final class Main implements Runnable {


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; tests call this with their own writers. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        OptionalInt fast = CronFastPath.tryRun(args, out, err);
        if (fast.isPresent()) {
            out.flush();
            return fast.getAsInt();
        }
        CommandLine line = new CommandLine(new Main());
        // Picocli reflects over every subcommand it is given, which was most of a one-shot command's start-up (a
        // cron line's run-promise paid for a dozen commands it never ran): give it only the one named, or all of
        // them when none is (usage, help, a mistyped name).
        Supplier<Object> named = args.length > 0 ? Subcommands.ALL.get(args[0]) : null;
        if (named != null && !args[0].equals("help")) {
            line.addSubcommand(args[0], named.get());
        } else {
            Subcommands.ALL.forEach((name, command) -> line.addSubcommand(name, command.get()));
        }
        // A subcommand added to a built line takes the parent's parser settings, which undoes check's own model
        // transformer: options after the built-in's name are the built-in's.
        CommandLine check = line.getSubcommands().get("check");
        if (check != null) {
            check.setStopAtPositional(true);
        }
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            OptionalInt code = userMistake(e);
            if (code.isPresent()) {
                cmd.getErr().println(e.getMessage());
                return code.getAsInt();
            }
            throw e;
        });
        return line.execute(args);
    }

    /** The exit code of a user's mistake, whose message says it all (no stack trace); empty for anything else. */
    static OptionalInt userMistake(Exception e) {
        if (e instanceof UserError) {
            return OptionalInt.of(((UserError) e).exitCode());
        }
        return e instanceof ConfigException ? OptionalInt.of(2) : OptionalInt.empty();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Every subcommand, by name, in the order of the usage text. A holder of its own, so that the cron fast path
     * does not pay for a dozen method references it never uses.
     */
    private static final class Subcommands {
        static final Map<String, Supplier<Object>> ALL = subcommands();

        private static Map<String, Supplier<Object>> subcommands() {
            Map<String, Supplier<Object>> all = new LinkedHashMap<>();
            all.put("demo", DemoCommand::new);
            all.put("up", UpCommand::new);
            all.put("executor", ExecutorCommand::new);
            all.put("serve", ServeCommand::new);
            all.put("run-promise", RunPromiseCommand::new);
            all.put("run-due", RunDueCommand::new);
            all.put("status", StatusCommand::new);
            all.put("report", ReportCommand::new);
            all.put("validate", ValidateCommand::new);
            all.put("silence", SilenceCommand::new);
            all.put("crontab", CrontabCommand::new);
            all.put("check", CheckCommand::new);
            all.put("heartbeat-url", HeartbeatUrlCommand::new);
            all.put("passwd", PasswdCommand::new);
            all.put("install-cgi", InstallCgiCommand::new);
            all.put("help", CommandLine.HelpCommand::new);
            return Collections.unmodifiableMap(all);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"monitor " + (v == null ? "(development build)" : v)};
        }
    }
}
