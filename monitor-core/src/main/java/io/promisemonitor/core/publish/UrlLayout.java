package io.promisemonitor.core.publish;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The URL layout the web server serves, whatever the folders' places on disk: the web folder at {@code /},
 * the public folder at {@code /public/} (and {@code /share/public/}, SlapOS's name), the private folder at
 * {@code /private/} (and {@code /share/private/}). Every URL path and published file name the monitor, its server
 * and its CGI use is here; every href the monitor writes is relative and built here, so the monitor works behind
 * any prefix or proxy. Paths without a leading {@code /} are relative to the web root.
 */
public final class UrlLayout {

    /** The index of services, in the web folder (by default). */
    public static final String HAL_JSON = "monitor.haljson";
    /** The feed of every status change, in the web folder. */
    public static final String RSS = "monitor.rss";
    /** The folder of the published JSON schemas, in the web folder. */
    public static final String SCHEMA_FOLDER = "schema";
    public static final String CGI_FOLDER = "cgi-bin";
    /** The rerun script's name, in the cgi folder. */
    public static final String RERUN_SCRIPT = "monitor-run-promise.cgi";
    /** The rerun script, also served by the monitor's own server. */
    public static final String RERUN = CGI_FOLDER + "/" + RERUN_SCRIPT;
    /** The silence script's name, in the cgi folder, and its path. */
    public static final String SILENCE_SCRIPT = "monitor-silence.cgi";
    public static final String SILENCE = CGI_FOLDER + "/" + SILENCE_SCRIPT;
    public static final String PUBLIC = "public/";
    public static final String PRIVATE = "private/";
    /** SlapOS's paths of the same two folders. */
    public static final String SHARE_PUBLIC = "share/public/";
    public static final String SHARE_PRIVATE = "share/private/";
    /** SlapOS's RSS feed (one item per service) and OPML list of feeds, in the public folder. */
    public static final String SLAPOS_FEED = "feed";
    public static final String SLAPOS_FEEDS = "feeds";
    /** Where the server counts requests, and where heartbeat pings arrive. */
    public static final String METRICS = "metrics";
    public static final String HEARTBEAT = "hb/";
    /** The file name endings of a service's status and history in the public folder. */
    public static final String STATUS_SUFFIX = ".status.json";
    public static final String HISTORY_SUFFIX = ".history.json";

    private UrlLayout() {
    }

    /** {@code /<path>}: a path relative to the web root as the server sees it. */
    public static String absolute(String path) {
        return "/" + path;
    }

    /** {@code public/<name>.status.json}, relative to the web root (where monitor.haljson is served). */
    public static String statusHref(String serviceName) {
        return PUBLIC + segment(serviceName) + STATUS_SUFFIX;
    }

    /** {@code public/<name>.history.json}, relative to the web root. */
    public static String historyHref(String serviceName) {
        return PUBLIC + segment(serviceName) + HISTORY_SUFFIX;
    }

    /** {@code public/<name>/}, a service's public folder, relative to the web root. */
    public static String publicFolderHref(String serviceName) {
        return PUBLIC + segment(serviceName) + "/";
    }

    /** {@code cgi-bin/monitor-run-promise.cgi?service=<name>}, relative to the web root. */
    public static String rerunHref(String serviceName) {
        return RERUN + "?service=" + segment(serviceName);
    }

    /** {@code service/<name>.rss}, a service's feed, relative to the web root. */
    public static String serviceFeedHref(String serviceName) {
        return "service/" + segment(serviceName) + ".rss";
    }

    /** {@code service/<name>.html}, a service's page, relative to the web root. */
    public static String servicePageHref(String serviceName) {
        return "service/" + segment(serviceName) + ".html";
    }

    /** {@code private/<name>/}, relative to the web root. */
    public static String privateFolderHref(String serviceName) {
        return PRIVATE + segment(serviceName) + "/";
    }

    /** A base URL ending with {@code /}, so that relative references such as {@code monitor.haljson} resolve under it. */
    public static String withTrailingSlash(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? text : text + "/";
    }

    /** Percent-encodes one path segment (RFC 3986 unreserved characters stay as they are). */
    public static String segment(String name) {
        // the usual name needs no encoding: itself, without a copy (a render after a restart asks this 200,000 times)
        if (unreserved(name)) {
            return name;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(String name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~')) {
                return false;
            }
        }
        return true;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
