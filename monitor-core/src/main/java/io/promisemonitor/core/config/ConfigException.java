package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.OptionException;
import java.util.List;

/**
 * A user's configuration mistake. The message names the file, line and value and says what is allowed; it is
 * printed as it is, never with a stack trace. A promise's own {@link OptionException} is the same kind of mistake.
 */
public class ConfigException extends OptionException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    public ConfigException(String message) {
        super(message);
        this.problems = List.of();
    }

    public ConfigException(ConfigProblem problem) {
        super(problem.toString());
        this.problems = List.of(problem);
    }

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.isEmpty() ? "no problem" : join(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per mistake, when known individually; otherwise empty and the message says it all. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String join(List<ConfigProblem> problems) {
        StringBuilder out = new StringBuilder();
        for (ConfigProblem p : problems) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(p);
        }
        return out.toString();
    }
}
