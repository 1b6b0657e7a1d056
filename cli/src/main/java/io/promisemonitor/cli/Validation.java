package io.promisemonitor.cli;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.Runner;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.config.PromiseRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything {@code monitor validate} checks, beyond what reading the files already refuses. */
final class Validation {

    private final InstanceConfig config;
    private final List<ConfigProblem> problems;
    private final List<String> warnings;

    private Validation(InstanceConfig config, List<ConfigProblem> problems, List<String> warnings) {
        this.config = config;
        this.problems = problems;
        this.warnings = warnings;
    }

    static Validation of(Path instanceRoot) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        InstanceConfig config;
        try {
            config = InstanceConfig.load(instanceRoot);
        } catch (ConfigException e) {
            problems.addAll(e.problems().isEmpty()
                    ? List.of(new ConfigProblem(InstanceConfig.monitorConfFile(instanceRoot), 0, e.getMessage()))
                    : e.problems());
            return new Validation(null, problems, warnings);
        }
        problems.addAll(config.problems());
        PromiseRegistry registry = PromiseRegistry.withInstanceLib(instanceRoot.resolve("lib"));
        warnings.addAll(registry.loadProblems());
        for (ServiceConfig service : config.services().values()) {
            problems.addAll(checkRunner(service, registry));
        }
        problems.addAll(LinkCheck.clashes(config));
        problems.addAll(Dependencies.check(config));
        problems.sort(java.util.Comparator.comparing((ConfigProblem p) -> p.file().toString())
                .thenComparingInt(ConfigProblem::line));
        return new Validation(config, problems, warnings);
    }

    static List<ConfigProblem> checkRunner(ServiceConfig service, PromiseRegistry registry) {
        List<ConfigProblem> problems = new ArrayList<>();
        Runner runner = service.runner();
        if (runner instanceof Runner.Executable) {
            Path path = ((Runner.Executable) runner).path();
            if (!Files.exists(path)) {
                problems.add(new ConfigProblem(service.cfgFile(), 0, "the promise " + path + " does not exist;"
                        + " allowed: an executable beside the .cfg, or 'command =' or 'promise =' in [service]"));
            } else if (!Files.isExecutable(path) || Files.isDirectory(path)) {
                problems.add(new ConfigProblem(service.cfgFile(), 0, "the promise " + path
                        + " is not executable (chmod +x it)"));
            }
        } else if (runner instanceof Runner.Command) {
            String program = ((Runner.Command) runner).argv().get(0);
            if (program.contains("/") && !Files.isExecutable(Path.of(program))) {
                problems.add(new ConfigProblem(service.cfgFile(), 0, "command program " + program
                        + (Files.exists(Path.of(program)) ? " is not executable" : " does not exist")));
            }
        } else {
            Runner.BuiltIn builtIn = (Runner.BuiltIn) runner;
            try {
                registry.create(builtIn.name(), builtIn.options());
            } catch (OptionException e) {
                problems.add(new ConfigProblem(service.cfgFile(), 0, e.getMessage()
                        .replace(service.cfgFile() + " [promise]: ", "[promise] ")));
            }
        }
        return problems;
    }

    InstanceConfig config() {
        return config;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    List<String> warnings() {
        return warnings;
    }
}
