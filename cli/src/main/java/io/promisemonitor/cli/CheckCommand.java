package io.promisemonitor.cli;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseProvider;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.StandaloneContext;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code monitor check NAME --option value ...}: runs one built-in promise once, prints its status JSON (the SlapOS
 * promise contract) and exits with the Nagios code, so cron jobs and other monitors can use the built-ins.
 */
@Command(name = "check", modelTransformer = CheckCommand.OptionsEndAtName.class,
        description = {"Runs a built-in promise once with the given options and prints its status as JSON"
                + " ({\"status\": ..., \"message\": ..., \"perfdata\": [...]}). Options after NAME are the built-in's"
                + " ([promise] keys as --key value; repeat one for a list). Exits 0/1/2/3 for"
                + " OK/WARNING/ERROR/UNKNOWN; a bad option is UNKNOWN (3). State (log offsets) is kept under the"
                + " instance's state folder and reports under its var/log/, as for a service named --service.",
            "", "Example:", "  monitor check disk-space --path / --path /srv --warning 10%% --critical 5%%",
            "  monitor check http --url https://example.com/ --contains Welcome --certificate-warning 20d",
            "  monitor check --list"})
final class CheckCommand implements Callable<Integer> {

    static final int UNKNOWN = Status.UNKNOWN.exitCode();

    /**
     * Everything after NAME belongs to the built-in, even a name this command also has ({@code --timeout} of
     * {@code http} and of {@code check}): picocli stops reading options at the first positional parameter.
     */
    static final class OptionsEndAtName implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }

    @Option(names = "--instance", paramLabel = "DIR", defaultValue = ".",
            description = "The instance root: relative paths, the state folder and var/log/ are under it (default:"
                    + " the current directory)")
    Path instance;

    @Option(names = "--service", paramLabel = "NAME",
            description = "The service name for state and report files (default: the built-in's name)")
    String service;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s",
            description = "Longest run, as for a service (default: 20s)")
    String timeout;

    @Option(names = {"-l", "--list", "-h", "--help"}, description = "List the built-ins and their options")
    boolean list;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The built-in promise to run")
    String name;

    @Unmatched
    List<String> rest = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path root = instance.toAbsolutePath().normalize();
        PromiseRegistry registry = PromiseRegistry.withInstanceLib(root.resolve("lib"));
        if (list || name == null) {
            spec.commandLine().usage(out);
            out.println();
            printList(out, registry);
            return list ? 0 : UNKNOWN;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            PromiseProvider provider = registry.find(name).orElse(null);
            if (provider != null) {
                printProvider(out, provider);
                return 0;
            }
        }
        String source = "monitor check " + name;
        PromiseResult result;
        try {
            Promise promise = registry.create(name, options(source));
            result = run(promise, root);
        } catch (OptionException e) {
            result = PromiseResult.unknown(e.getMessage());
        }
        out.println(json(result));
        return result.status().exitCode();
    }

    private PromiseOptions options(String source) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String token = rest.get(i);
            if (!token.startsWith("--") || token.length() == 2) {
                throw new ConfigException(source + ": unexpected '" + token + "'; allowed: options as --name value"
                        + " (see monitor check --list)");
            }
            String key = token.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                value = rest.get(++i);
            } else {
                value = "yes"; // a bare --flag, as for follow-redirects
            }
            values.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }
        return new PromiseOptions(source, values);
    }

    private PromiseResult run(Promise promise, Path root) {
        String serviceName = service == null ? name : service;
        if (!InstanceConfig.SERVICE_NAME.matcher(serviceName).matches()) {
            throw new ConfigException("monitor check: --service '" + serviceName + "' is not allowed; allowed:"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        Duration limit;
        try {
            limit = Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            limit = Duration.ZERO;
        }
        if (limit.isZero() || limit.compareTo(Durations.MAX_TIMEOUT) > 0) {
            throw new ConfigException("monitor check: --timeout is '" + timeout + "', allowed: a duration from 1ms to "
                    + Durations.format(Durations.MAX_TIMEOUT) + ", such as 20s");
        }
        Path state = Files.isRegularFile(root.resolve("etc/monitor.conf"))
                ? InstanceConfig.loadMonitor(root).promiseStateFolder(serviceName)
                : root.resolve("var/monitor/state/promise").resolve(serviceName);
        StandaloneContext context = new StandaloneContext(serviceName, root, state,
                Clock.systemDefaultZone());
        FutureTask<PromiseResult> task = new FutureTask<>(() -> promise.check(context));
        Thread thread = new Thread(task, "check-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            PromiseResult result = task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return result == null ? PromiseResult.error("built-in promise '" + name + "' returned nothing") : result;
        } catch (TimeoutException e) {
            task.cancel(true);
            return PromiseResult.error("Promise timed out after " + limit.toSeconds() + " seconds");
        } catch (ExecutionException e) {
            return PromiseResult.error(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return PromiseResult.error("interrupted");
        }
    }

    private static void printList(PrintWriter out, PromiseRegistry registry) {
        out.println("Built-in promises (monitor check NAME --option value ...; in a .cfg: promise = NAME and the"
                + " options in [promise]):");
        for (PromiseProvider p : registry.providers().values()) {
            out.println();
            printProvider(out, p);
        }
    }

    private static void printProvider(PrintWriter out, PromiseProvider p) {
        out.println(p.name() + ": " + p.description());
        if (p instanceof DocumentedProvider) {
            for (OptionDoc d : ((DocumentedProvider) p).optionDocs()) {
                String def = d.defaultValue().replace("`", "");
                out.printf("  --%-22s %s %s%n", d.name(), d.meaning().replace("`", ""),
                        def.startsWith("(") ? def : "(default: " + def + ")");
            }
        } else {
            for (String option : new TreeSet<>(p.options())) {
                out.println("  --" + option);
            }
        }
    }

    /** The status JSON of the SlapOS contract, on one line. */
    static String json(PromiseResult r) {
        StringBuilder b = new StringBuilder("{\"status\": ").append(quote(r.status().name()))
                .append(", \"message\": ").append(quote(r.message()));
        if (r.details() != null) {
            b.append(", \"details\": ").append(quote(r.details()));
        }
        b.append(", \"perfdata\": [");
        for (int i = 0; i < r.perfdata().size(); i++) {
            Perfdata p = r.perfdata().get(i);
            b.append(i > 0 ? ", " : "").append("{\"label\": ").append(quote(p.label())).append(", \"value\": ")
                    .append(Double.isFinite(p.value()) ? number(p.value()) : "null")
                    .append(", \"unit\": ").append(quote(p.unit()));
            field(b, "warn", p.warn());
            field(b, "crit", p.crit());
            field(b, "min", p.min());
            field(b, "max", p.max());
            b.append('}');
        }
        return b.append("]}").toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(", \"").append(name).append("\": ").append(quote(value));
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String quote(String s) {
        return Json.quote(s);
    }
}
