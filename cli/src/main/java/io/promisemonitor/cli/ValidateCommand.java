package io.promisemonitor.cli;

import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.InstanceConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks etc/monitor.conf and every service of the promise folders and lists every problem with"
                + " its file, line and what is allowed. Exits 1 when there is any. Warnings and info lines"
                + " (SlapOS keys not used) do not change the exit code.",
            "", "Example:", "  monitor validate --instance /srv/slapgrid/slappart3"})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    InstanceOption instance;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Validation validation = Validation.of(instance.root());
        List<ConfigProblem> problems = validation.problems();
        for (ConfigProblem p : problems) {
            out.println(p);
        }
        for (String warning : validation.warnings()) {
            out.println("warning: " + warning);
        }
        if (validation.config() != null) {
            validation.config().notes().forEach(out::println);
        }
        if (problems.isEmpty()) {
            InstanceConfig config = validation.config();
            out.println("OK: " + config.monitor().configFile() + " and " + config.services().size() + " service"
                    + (config.services().size() == 1 ? "" : "s") + " read without a problem");
            return 0;
        }
        out.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " found");
        return 1;
    }
}
