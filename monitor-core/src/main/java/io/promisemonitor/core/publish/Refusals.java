package io.promisemonitor.core.publish;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files the web server refused because their real path leads out of a published target (a link planted inside a
 * published folder), kept in {@code <state>/links/refused/<service>} for the executor: only the web server meets
 * them, but they belong in the owning service's message. The web server adds a path when it first refuses it;
 * {@link Links#sync} looks at each again and reports those still leading out.
 */
public final class Refusals {

    /** Per service: enough to show that something is wrong, without letting requests fill the disk. */
    static final int MAX_PER_SERVICE = 20;

    private Refusals() {
    }

    static Path folder(MonitorConfig config) {
        return config.stateFolder("links").resolve("refused");
    }

    /**
     * Records a refused path below a service's folder ({@code public/<service>/<link>/...}); a path below a global
     * link of monitor.conf belongs to no service and is only logged by the server.
     */
    public static synchronized void record(MonitorConfig config, Path refused) {
        Path path = refused.toAbsolutePath().normalize();
        Path under = null;
        for (Path root : List.of(config.publicFolder(), config.privateFolder())) {
            Path r = root.toAbsolutePath().normalize();
            if (path.startsWith(r) && path.getNameCount() - r.getNameCount() >= 3) {
                under = r.relativize(path);
            }
        }
        if (under == null) {
            return;
        }
        String service = under.getName(0).toString();
        if (!InstanceConfig.SERVICE_NAME.matcher(service).matches()
                || path.toString().chars().anyMatch(Character::isISOControl)) {
            return;
        }
        Path file = folder(config).resolve(service);
        try {
            List<String> lines = read(file);
            if (lines.contains(path.toString()) || lines.size() >= MAX_PER_SERVICE) {
                return;
            }
            lines.add(path.toString());
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, String.join("\n", lines) + "\n");
        } catch (IOException | UncheckedIOException e) {
            // the server has logged the refusal already; the report in the message is the extra
        }
    }

    /** The paths recorded for one service, at most {@link #MAX_PER_SERVICE}. */
    static List<String> read(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && out.size() < MAX_PER_SERVICE) {
                out.add(line);
            }
        }
        return out;
    }
}
