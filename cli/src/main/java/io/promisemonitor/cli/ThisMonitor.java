package io.promisemonitor.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start this very monitor again from another process (a cron line, a rerun's child process): this Java, the
 * JVM options this process runs with (the launcher's, the class-data archive and JNA's library folder included), and
 * its jar, or its class path outside a jar (tests). Not the launcher script: its check for newer sources may start
 * Maven.
 */
final class ThisMonitor {

    private ThisMonitor() {
    }

    static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-X") || option.startsWith("-Djdk.lang.Process")
                    || option.startsWith("-Djna.boot.library.path=")) {
                command.add(option);
            }
        }
        String code = Main.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (code.endsWith(".jar")) {
            command.addAll(List.of("-jar", code));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        return command;
    }
}
