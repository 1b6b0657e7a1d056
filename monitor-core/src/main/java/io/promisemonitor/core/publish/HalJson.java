package io.promisemonitor.core.publish;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The monitor's index, {@code monitor.haljson}, shaped like SlapOS monitor's. Its hrefs follow {@link UrlLayout},
 * relative to where the file is served: the web root by default, {@code /public/} when {@code monitor-hal-json}
 * puts it in the public folder as SlapOS 2016 did ({@code public/monitor.hal.json}); a file outside the served
 * folders gets absolute hrefs from {@code base-url} (or from the server root without one).
 */
public final class HalJson {

    /** A private folder of a service holding a link of this name is its custom interface (the SlapOS convention). */
    static final String INTERFACE = "interface";

    /** The global RSS feed of status changes, relative to the web root. */
    public static final String RSS = UrlLayout.RSS;

    private HalJson() {
    }

    /** Writes {@code config.monitorHalJson()} unless it already holds exactly this content; returns whether it wrote. */
    public static boolean write(MonitorConfig config, Collection<ServiceConfig> services) {
        return AtomicFiles.writeIfChanged(config.monitorHalJson(), render(config, services));
    }

    /** The document, services sorted by id so that the same set always gives the same bytes. */
    public static String render(MonitorConfig config, Collection<ServiceConfig> services) {
        Json.Obj root = Json.object();
        root.put("title", config.title() == null ? "" : config.title());
        String prefix = toRoot(config);
        Json.Obj links = root.putObject("_links");
        links.putObject("self").put("href", String.valueOf(config.monitorHalJson().getFileName()));
        List<Object> related = links.putArray("related_monitor");
        for (URI url : config.monitorUrlList()) {
            related.add(Json.object().put("href", UrlLayout.withTrailingSlash(url)));
        }
        // The feed of status changes, which the dashboard writes beside this file.
        links.putObject("rss").put("href", prefix + RSS);
        List<Object> embedded = root.putObject("_embedded").putArray("service");
        List<ServiceConfig> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparing(ServiceConfig::name));
        for (ServiceConfig service : sorted) {
            Json.Obj item = Json.object();
            embedded.add(item);
            item.put("id", service.name());
            item.put("title", service.title() == null || service.title().isEmpty() ? service.name() : service.title());
            Json.Obj serviceLinks = item.putObject("_links");
            serviceLinks.putObject("status").put("href", prefix + UrlLayout.statusHref(service.name()));
            serviceLinks.putObject("interface").put("href", prefix + interfaceHref(service));
        }
        return Json.write(root);
    }

    /**
     * What leads from the folder the file is served from to the site root: {@code ""} at the root, {@code "../"}
     * per folder below it; for a file the server does not serve, base-url, else {@code "/"}.
     */
    static String toRoot(MonitorConfig config) {
        Path file = config.monitorHalJson().toAbsolutePath().normalize();
        // public and private first: the web folder could hold them
        List<Map.Entry<Path, Integer>> served = List.of(Map.entry(config.publicFolder(), 1),
                Map.entry(config.privateFolder(), 1), Map.entry(config.webFolder(), 0));
        for (Map.Entry<Path, Integer> s : served) {
            Path folder = s.getKey().toAbsolutePath().normalize();
            if (file.startsWith(folder) && !file.equals(folder)) {
                return "../".repeat(folder.relativize(file).getNameCount() - 1 + s.getValue());
            }
        }
        return config.baseUrl().map(UrlLayout::withTrailingSlash).orElse("/");
    }

    /** {@code private/<service>/interface/} when the service publishes an {@code interface}, else its private folder. */
    public static String interfaceHref(ServiceConfig service) {
        String folder = UrlLayout.privateFolderHref(service.name());
        for (Path path : service.privatePathList()) {
            Path base = path.getFileName();
            if (base != null && base.toString().equals(INTERFACE)) {
                return folder + INTERFACE + "/";
            }
        }
        return folder;
    }
}
