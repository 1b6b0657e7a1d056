package io.promisemonitor.cli;

import io.promisemonitor.core.run.Spawner;
import io.promisemonitor.core.status.StatusStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * The exact command lines that {@code monitor crontab} prints (and the child runs of {@code monitor serve}), run
 * without picocli. Building picocli's model of the
 * command (reflection over its annotations, and its classes cannot be kept in the class-data archive) was half the
 * CPU time of a cron line's run; these lines are run every minute, so they skip it. Any other shape (another order,
 * {@code --help}, a mistake) goes through picocli as usual, with the same commands.
 */
final class CronFastPath {

    private CronFastPath() {
    }

    static OptionalInt tryRun(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length >= 3 && (args[0].equals("run-due") || args[0].equals("run-promise"))) {
            warmUp();
        }
        if (args.length == 3 && args[0].equals("run-due") && args[1].equals("--instance")) {
            RunDueCommand command = new RunDueCommand();
            command.instance = instance(args[2]);
            return OptionalInt.of(call(command, err));
        }
        if (args.length >= 4 && args[0].equals("run-promise")) {
            // run-promise [--cron] [--wait] --instance DIR SERVICE, the flags in this order
            RunPromiseCommand command = new RunPromiseCommand();
            int i = 1;
            if (args[i].equals("--cron")) {
                command.cron = true;
                i++;
            }
            if (args[i].equals("--wait")) {
                command.waitForLock = true;
                i++;
            }
            if (args.length == i + 3 && args[i].equals("--instance") && !args[i + 2].startsWith("-")) {
                command.instance = instance(args[i + 1]);
                command.service = args[i + 2];
                command.plainOut = out;
                return OptionalInt.of(call(command, err));
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Starts the JSON library and the way processes are started on a thread of its own: every run reads and writes
     * status files and histories with the one and starts a promise with the other, and their first use costs tens of
     * milliseconds that the second core spends while this one reads the configuration. Harmless if it ends after
     * the run: the thread is a daemon, and each is made ready once, by whichever thread comes first.
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                StatusStore.warmUp();
                // binds glibc through JNA (a tenth of the time before the promise starts), while the main thread
                // reads the configuration
                Spawner.best();
            } catch (RuntimeException | LinkageError e) {
                // the run itself meets the same problem, and says it
            }
        }, "warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static InstanceOption instance(String dir) {
        InstanceOption option = new InstanceOption();
        option.instance = Path.of(dir);
        return option;
    }

    private static int call(Callable<Integer> command, PrintWriter err) {
        try {
            return command.call();
        } catch (RuntimeException e) {
            OptionalInt code = Main.userMistake(e);
            if (code.isEmpty()) {
                throw e;
            }
            err.println(e.getMessage());
            return code.getAsInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            err.flush();
        }
    }
}
