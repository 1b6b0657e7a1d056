package io.promisemonitor.core.feed;

import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.IsoTimes;
import io.promisemonitor.core.io.XmlText;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The files SlapOS's own tools read, shaped as {@code slapos.toolbox}'s monitor scripts of 2018 wrote them
 * (docs/slapos-research.md section 6): {@code monitor.global.json} in the private and public folders, the RSS
 * {@code public/feed} with one item per service, the OPML {@code public/feeds}, and {@code _document_list} in both
 * folders. Counting is SlapOS's: exactly {@code OK} is a success, exactly {@code ERROR} an error, the rest neither.
 */
public final class SlapOsFiles {

    public static final String GLOBAL_JSON = "monitor.global.json";
    public static final String DOCUMENT_LIST = "_document_list";

    /*
     * The dates SlapOS's tools write, each as the pattern in its comment (in Locale.ROOT) writes it, but by hand:
     * a formatter's first use (and the day and month names it looks up) was a tenth of a cron line's run.
     */

    /** {@code uuuu-MM-dd'T'HH:mm:ss'+0000'}: {@code 2018-11-26T10:00:00+0000}, as {@code globalstate.py} writes it. */
    static String globalDate(Instant t) {
        return IsoTimes.formatLocal(t) + "+0000";
    }

    /** {@code uuuu-MM-dd HH:mm:ss}: what Python prints for a {@code datetime}; the RSS description and guid use it. */
    static String pythonDate(Instant t) {
        return IsoTimes.formatLocal(t).replace('T', ' ');
    }

    /** {@code EEE, dd MMM uuuu HH:mm:ss} and {@code zone}: {@code Mon, 26 Nov 2018 10:00:00 GMT}. */
    static String rfc822(Instant t, String zone) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        // uuuu-MM-ddTHH:mm:ss: the year is all before the last 15 characters, the time the last 8
        String local = IsoTimes.formatLocal(t);
        int n = local.length();
        int day = d.getDayOfMonth();
        return Feeds.DAYS[d.getDayOfWeek().ordinal()] + ", " + (day < 10 ? "0" : "") + day + " "
                + Feeds.MONTHS[d.getMonthValue() - 1] + " " + local.substring(0, n - 15) + " "
                + local.substring(n - 8) + " " + zone;
    }

    private SlapOsFiles() {
    }

    /** Writes every file whose content changed; {@code statuses} by service name. */
    public static void write(MonitorConfig monitor, Collection<ServiceConfig> services,
            Map<String, ServiceStatus> statuses, Instant now) {
        List<ServiceStatus> shown = new ArrayList<>();
        for (ServiceConfig s : services) {
            ServiceStatus status = statuses.get(s.name());
            if (status != null) {
                shown.add(status);
            }
        }
        shown.sort(Comparator.comparing(ServiceStatus::id));
        AtomicFiles.writeIfChanged(monitor.privateFolder().resolve(GLOBAL_JSON), privateGlobal(monitor, shown, now));
        AtomicFiles.writeIfChanged(monitor.publicFolder().resolve(GLOBAL_JSON), publicGlobal(monitor, shown, now));
        AtomicFiles.writeIfChanged(monitor.publicFolder().resolve(UrlLayout.SLAPOS_FEED), feed(monitor, shown, now));
        AtomicFiles.writeIfChanged(monitor.publicFolder().resolve(UrlLayout.SLAPOS_FEEDS), feeds(monitor, now));
        for (Path folder : List.of(monitor.publicFolder(), monitor.privateFolder())) {
            AtomicFiles.writeIfChanged(folder.resolve(DOCUMENT_LIST), documentList(folder));
        }
    }

    static String privateGlobal(MonitorConfig monitor, List<ServiceStatus> statuses, Instant now) {
        int error = count(statuses, Status.ERROR);
        Json.Obj root = Json.object();
        root.put("status", error > 0 ? "ERROR" : "OK");
        Json.Obj state = root.putObject("state");
        state.put("error", error);
        state.put("success", count(statuses, Status.OK));
        root.put("type", "global");
        root.put("portal_type", "Software Instance");
        root.put("date", globalDate(now));
        validUntil(root, statuses);
        root.put("title", title(monitor));
        root.put("specialise_title", rootTitle(monitor));
        Json.Obj links = root.putObject("_links");
        links.putObject("rss_url").put("href", url(monitor, UrlLayout.PUBLIC + UrlLayout.SLAPOS_FEED));
        links.putObject("public_url").put("href", url(monitor, UrlLayout.SHARE_PUBLIC));
        links.putObject("private_url").put("href", url(monitor, UrlLayout.SHARE_PRIVATE));
        related(monitor, links);
        return Json.write(root);
    }

    static String publicGlobal(MonitorConfig monitor, List<ServiceStatus> statuses, Instant now) {
        Json.Obj root = Json.object();
        root.put("status", count(statuses, Status.ERROR) > 0 ? "ERROR" : "OK");
        root.put("date", globalDate(now));
        validUntil(root, statuses);
        Json.Obj links = root.putObject("_links");
        links.putObject("monitor").put("href", url(monitor, UrlLayout.SHARE_PRIVATE));
        related(monitor, links);
        root.put("title", title(monitor));
        root.put("specialise_title", rootTitle(monitor));
        return Json.write(root);
    }

    /** RSS 2.0, one item per service as {@code globalstate.py} makes them; services in name order. */
    static String feed(MonitorConfig monitor, List<ServiceStatus> statuses, Instant now) {
        StringBuilder x = new StringBuilder(1024);
        x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n<channel>\n");
        element(x, "title", title(monitor));
        element(x, "link", url(monitor, UrlLayout.PUBLIC + UrlLayout.SLAPOS_FEED));
        element(x, "description", rootTitle(monitor));
        element(x, "lastBuildDate", rfc822(now, "GMT"));
        for (ServiceStatus s : statuses) {
            String change = pythonDate(s.changeDate().toInstant());
            x.append("<item>\n");
            element(x, "title", "[" + s.status().name() + "] " + s.title());
            element(x, "link", url(monitor, UrlLayout.SHARE_PRIVATE));
            element(x, "description", change + ": " + s.status().name() + "\n\n" + s.message());
            element(x, "category", s.status().name());
            x.append("<guid isPermaLink=\"false\">").append(Base64.getEncoder().encodeToString((rootTitle(monitor)
                    + ", " + s.title() + ", " + change).getBytes(StandardCharsets.UTF_8))).append("</guid>\n");
            element(x, "pubDate", rfc822(s.changeDate().toInstant(), "GMT"));
            x.append("<source url=\"").append(XmlText.escape(url(monitor, UrlLayout.SHARE_PUBLIC))).append("\">")
                    .append(XmlText.escape(s.title())).append("</source>\n");
            x.append("</item>\n");
        }
        return x.append("</channel>\n</rss>\n").toString();
    }

    /**
     * OPML 1.1: this monitor's feed and each related monitor's. SlapOS fetched each related monitor's title at
     * render time; a render here never waits on the network, so a related monitor is named by its URL.
     */
    static String feeds(MonitorConfig monitor, Instant now) {
        String date = rfc822(now, "+0000");
        StringBuilder x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"1.1\">\n<head>\n");
        element(x, "title", rootTitle(monitor));
        element(x, "dateCreated", date);
        element(x, "dateModified", date);
        x.append("</head>\n<body>\n<outline text=\"Monitoring RSS Feed list\">\n");
        outline(x, title(monitor), url(monitor, UrlLayout.PUBLIC + UrlLayout.SLAPOS_FEED), url(monitor, UrlLayout.SHARE_PRIVATE));
        for (URI related : monitor.monitorUrlList()) {
            String base = UrlLayout.withTrailingSlash(related);
            outline(x, base, base + UrlLayout.PUBLIC + UrlLayout.SLAPOS_FEED, base + UrlLayout.SHARE_PRIVATE);
        }
        return x.append("</outline>\n</body>\n</opml>\n").toString();
    }

    /** The folder's {@code *.json} names without their last extension, sorted, one a line, no final newline. */
    static String documentList(Path folder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.json")) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p)) {
                    names.add(name.substring(0, name.length() - ".json".length()));
                }
            }
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(Comparator.naturalOrder());
        return String.join("\n", names);
    }

    private static void outline(StringBuilder x, String title, String feed, String site) {
        x.append("<outline text=\"").append(XmlText.escape(title)).append("\" title=\"").append(XmlText.escape(title))
                .append("\" type=\"rss\" version=\"RSS\" htmlUrl=\"").append(XmlText.escape(feed))
                .append("\" xmlUrl=\"").append(XmlText.escape(feed)).append("\" url=\"").append(XmlText.escape(site))
                .append("\"/>\n");
    }

    private static void related(MonitorConfig monitor, Json.Obj links) {
        List<Object> related = links.putArray("related_monitor");
        for (URI url : monitor.monitorUrlList()) {
            related.add(Json.object().put("href", UrlLayout.withTrailingSlash(url) + "share/public"));
        }
    }

    private static void element(StringBuilder x, String name, String text) {
        x.append('<').append(name).append('>').append(XmlText.escape(text)).append("</").append(name).append(">\n");
    }

    /**
     * The overall status's {@code valid-until}: the earliest of the services' own, after which at least one of the
     * statuses it sums up is STALE (a new field: SlapOS's tools read the others as before).
     */
    private static void validUntil(Json.Obj root, List<ServiceStatus> statuses) {
        statuses.stream().map(ServiceStatus::validUntil).filter(java.util.Objects::nonNull)
                .min(java.util.Comparator.comparing(java.time.OffsetDateTime::toInstant))
                .ifPresent(v -> root.put("valid-until", IsoTimes.format(v)));
    }

    private static int count(List<ServiceStatus> statuses, Status status) {
        return (int) statuses.stream().filter(s -> s.status() == status).count();
    }

    private static String title(MonitorConfig monitor) {
        return monitor.title() == null || monitor.title().isEmpty() ? "Instance Monitoring" : monitor.title();
    }

    private static String rootTitle(MonitorConfig monitor) {
        return monitor.settings().get(MonitorKeys.ROOT_TITLE).orElse("");
    }

    /** Absolute from base-url; without one, from the server root. */
    private static String url(MonitorConfig monitor, String path) {
        return monitor.baseUrl().map(b -> UrlLayout.withTrailingSlash(b) + path).orElse("/" + path);
    }
}
