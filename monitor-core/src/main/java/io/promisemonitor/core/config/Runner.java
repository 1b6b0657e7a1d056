package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.PromiseOptions;
import java.nio.file.Path;
import java.util.List;

/** How a service's promise runs: an executable beside its {@code .cfg}, a command, or a built-in. */
public sealed interface Runner permits Runner.Executable, Runner.Command, Runner.BuiltIn {

    /** The executable {@code etc/monitor-promise/<name>} beside the {@code .cfg} (the SlapOS way). */
    record Executable(Path path) implements Runner {
    }

    /** {@code command = ...}, split with shell quoting rules and run without a shell. */
    record Command(List<String> argv) implements Runner {
        public Command {
            argv = List.copyOf(argv);
        }
    }

    /** {@code promise = <name>} with the options of the {@code [promise]} section. */
    record BuiltIn(String name, PromiseOptions options) implements Runner {
    }
}
