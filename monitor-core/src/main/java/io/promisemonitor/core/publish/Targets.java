package io.promisemonitor.core.publish;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <web-folder>/monitor.targets.json}: Prometheus {@code file_sd} targets for this monitor's {@code /metrics}
 * and for each monitor of its {@code monitor-url-list}, so that one central Prometheus discovers a fleet from the
 * file of one monitor (served with it, or copied by any means). Each target group carries the scheme and metrics
 * path its base URL implies, and the labels {@code monitor} (this monitor's title, for its own target) and
 * {@code listed_by} (the title of the monitor whose file lists it).
 */
public final class Targets {

    public static final String FILE = "monitor.targets.json";

    private Targets() {
    }

    public static Path file(MonitorConfig monitor) {
        return monitor.webFolder().resolve(FILE);
    }

    /** Writes the file when its content changed; {@code true} when it was written. */
    public static boolean write(MonitorConfig monitor) {
        return AtomicFiles.writeIfChanged(file(monitor), render(monitor));
    }

    public static String render(MonitorConfig monitor) {
        List<Object> groups = new ArrayList<>();
        String title = monitor.title() == null ? "" : monitor.title();
        groups.add(group(self(monitor), Optional.of(title), title));
        for (URI related : monitor.monitorUrlList()) {
            groups.add(group(related, Optional.empty(), title));
        }
        return Json.write(groups);
    }

    /** This monitor's own base URL: {@code base-url}, else the address and port it listens on. */
    static URI self(MonitorConfig monitor) {
        if (monitor.baseUrl().isPresent()) {
            return monitor.baseUrl().get();
        }
        boolean tls = monitor.settings().get(MonitorKeys.TLS_CERTIFICATE).isPresent();
        String address = monitor.settings().get(MonitorKeys.HTTPD_ADDRESS);
        int port = monitor.settings().get(MonitorKeys.HTTPD_PORT);
        String host = address.contains(":") ? "[" + address + "]" : address;
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port + "/");
    }

    private static Map<String, Object> group(URI base, Optional<String> monitorTitle, String listedBy) {
        URI root = URI.create(UrlLayout.withTrailingSlash(base));
        String scheme = root.getScheme() == null ? "http" : root.getScheme();
        int port = root.getPort() >= 0 ? root.getPort() : scheme.equals("https") ? 443 : 80;
        String host = root.getHost() == null ? "localhost" : root.getHost();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("__scheme__", scheme);
        labels.put("__metrics_path__", root.resolve("metrics").getRawPath());
        monitorTitle.ifPresent(t -> labels.put("monitor", t));
        labels.put("listed_by", listedBy);
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("targets", List.of(host + ":" + port));
        group.put("labels", labels);
        return group;
    }
}
