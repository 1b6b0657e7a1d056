package io.promisemonitor.cli;

import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.web.MonitorServer;
import io.promisemonitor.web.WebSettings;
import io.promisemonitor.web.auth.HtpasswdFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Creates (or refreshes) a demo instance under var/demo/ from the example configuration in"
                + " etc/, with a random password on first run, and runs the monitor on it in the foreground.",
            "", "Example:", "  bin/monitor demo"})
final class DemoCommand implements Callable<Integer> {

    static final String USER = "admin";

    @Option(names = "--home", paramLabel = "DIR",
            description = "The Promise Monitor checkout holding etc/ (default: found from the launcher)")
    Path home;

    @Option(names = "--prepare-only", description = "Create the demo instance and exit without running it")
    boolean prepareOnly;

    @Option(names = "--verbose", description = "Log stack traces and library messages too")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path checkout = home != null ? home.toAbsolutePath().normalize() : findHome();
        Path demo = checkout.resolve("var").resolve("demo");
        out.println("demo: copying the example configuration " + checkout.resolve("etc") + " to " + demo.resolve("etc"));
        copyTree(checkout.resolve("etc"), demo.resolve("etc"));
        String password = passwordOf(demo);
        MonitorConfig monitor = InstanceConfig.loadMonitor(demo);
        out.println("demo: instance      " + demo);
        out.println("demo: status files  " + monitor.publicFolder());
        out.println("demo: dashboard     " + monitor.webFolder());
        out.println("demo: login         " + USER + " / " + password + "  (in " + demo.resolve("etc/monitor.htpasswd")
                + ")");
        out.flush();
        if (prepareOnly) {
            return 0;
        }
        LogSetup.configure(verbose);
        ExecutorCommand.Started started = ExecutorCommand.startWithDashboard(monitor);
        try (MonitorServer server = startServer(monitor, started.executor())) {
            out.println("demo: web server    " + server.url() + "  (login " + USER + " / " + password + ")");
            out.println("demo: running; stop with Ctrl-C. Try 'bin/monitor status --instance " + demo + "'");
            out.flush();
            ExecutorCommand.awaitShutdown();
        } finally {
            started.close();
        }
        return 0;
    }

    /** On loopback, at the configured port, or any free port when another demo holds it. */
    private static MonitorServer startServer(MonitorConfig monitor, PromiseExecutor executor) {
        String address = monitor.settings().get(MonitorKeys.HTTPD_ADDRESS);
        if (!WebSettings.of(monitor).loopback()) {
            throw new UserError("the demo listens on loopback only; httpd-address is " + address, 2);
        }
        try {
            return MonitorServer.start(monitor, InProcessBackend.of(executor));
        } catch (ConfigException e) {
            MonitorConfig anyPort = MonitorConfig.of(monitor.instanceRoot(), monitor.configFile(),
                    monitor.settings().with(MonitorKeys.HTTPD_PORT, 0));
            return MonitorServer.start(anyPort, InProcessBackend.of(executor));
        }
    }


    static Path findHome() {
        String env = System.getenv("MONITOR_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        try {
            // cli/target/monitor.jar -> the checkout
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent().getParent().getParent();
            if (Files.isRegularFile(candidate.resolve("etc/monitor.conf"))) {
                return candidate;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the message
        }
        throw new UserError("cannot find the Promise Monitor checkout holding etc/monitor.conf; run bin/monitor demo"
                + " from it, or give --home DIR", 2);
    }

    /** Copies new and changed files, keeping their executable bits; files only in the demo are left alone. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(source),
                        Files.readAllBytes(target))) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The demo's password: made on first run, kept beside the htpasswd file (readable by its owner only). */
    static String passwordOf(Path demo) throws IOException {
        Path saved = demo.resolve("etc/demo-password");
        Path htpasswd = demo.resolve("etc/monitor.htpasswd");
        if (Files.isRegularFile(saved) && Files.isRegularFile(htpasswd)) {
            return Files.readString(saved, StandardCharsets.UTF_8).strip();
        }
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        HtpasswdFile.setUser(htpasswd, USER, password.toString().toCharArray());
        Files.writeString(saved, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(saved, PosixFilePermissions.fromString("rw-------"));
        return password.toString();
    }
}
