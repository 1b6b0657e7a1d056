package io.promisemonitor.cli;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.publish.UrlLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "install-cgi", mixinStandardHelpOptions = true,
        description = {"Writes monitor-run-promise.cgi and monitor-silence.cgi into the instance's cgi-folder, set"
                + " to this instance and this monitor jar, for sites served by Apache or nginx + fcgiwrap. The rerun"
                + " script hands reruns to the running executor through the rerun spool; the silence script sets"
                + " and ends silences.",
            "", "Example:", "  monitor install-cgi --instance /srv/slapgrid/slappart3"})
final class InstallCgiCommand implements Callable<Integer> {

    static final String SCRIPT = UrlLayout.RERUN_SCRIPT;
    static final String SILENCE_SCRIPT = UrlLayout.SILENCE_SCRIPT;

    @Mixin
    InstanceOption instance;

    @Option(names = "--jar", paramLabel = "JAR", description = "The monitor jar the script runs (default: this one)")
    Path jar;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        MonitorConfig monitor = instance.monitor();
        Path jarPath = jar != null ? jar.toAbsolutePath().normalize() : thisJar();
        for (String name : List.of(SCRIPT, SILENCE_SCRIPT)) {
            String script = fill(fill(template(name), "MONITOR_INSTANCE", monitor.instanceRoot().toString()),
                    "MONITOR_JAR", jarPath.toString());
            Path target = monitor.cgiFolder().resolve(name);
            AtomicFiles.write(target, script);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            out.println("written " + target + " (runs " + jarPath + " for " + monitor.instanceRoot() + ")");
        }
        return 0;
    }

    static String template(String name) throws IOException {
        try (InputStream in = io.promisemonitor.cgi.CgiMain.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UserError("this monitor jar lacks " + name + "; rebuild it", 2);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path thisJar() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new UserError("cannot tell where this monitor jar is; give --jar", 2);
        }
    }

    /** Gives {@code variable} a default, unless the web server's environment sets it. */
    static String fill(String script, String variable, String value) {
        String line = variable + "=\"${" + variable + ":-}\"";
        if (!script.contains(line)) {
            throw new UserError("a CGI script template lacks the line " + line + "; rebuild the jar", 2);
        }
        return script.replace(line, variable + "=\"${" + variable + ":-}\"\n[ -n \"$" + variable + "\" ] || "
                + variable + "='" + value.replace("'", "'\\''") + "'");
    }
}
