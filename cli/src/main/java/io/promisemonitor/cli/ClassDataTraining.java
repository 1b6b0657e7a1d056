package io.promisemonitor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The training run of the class-data archive the build makes beside the jar ({@code cli/pom.xml}): the JVM that
 * runs this writes every class it loaded into the archive when it exits. It runs the command lines that cron runs
 * every minute, in one JVM, on the training instance given: {@code run-due}, then {@code run-promise} twice (the
 * second renders from the stencils the first kept), so that their classes start from the archive. Not a command.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    /** {@code INSTANCE SERVICE}: a training instance and one of its services. */
    public static void main(String[] args) {
        String instance = args[0];
        String service = args[1];
        PrintWriter out = new PrintWriter(new StringWriter());
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Main.execute(new String[] {"run-due", "--instance", instance}, out, err);
        for (int i = 0; i < 2 && code == 0; i++) {
            code = Main.execute(new String[] {"run-promise", "--cron", "--instance", instance, service}, out, err);
        }
        if (code != 0) {
            err.println("class-data training: a command exited " + code);
        }
        System.exit(code);
    }
}
