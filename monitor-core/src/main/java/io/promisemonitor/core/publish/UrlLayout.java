package io.promisemonitor.core.publish;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The URL layout the web server serves, whatever the folders' places on disk: the web folder at {@code /},
 * the public folder at {@code /public/}, the private folder at {@code /private/}. Every href the monitor
 * writes is relative and built here, so the monitor works behind any prefix or proxy.
 */
public final class UrlLayout {

    private UrlLayout() {
    }

    /** {@code public/<name>.status.json}, relative to the web root (where monitor.haljson is served). */
    public static String statusHref(String serviceName) {
        return "public/" + segment(serviceName) + ".status.json";
    }

    /** {@code service/<name>.html}, a service's page, relative to the web root. */
    public static String servicePageHref(String serviceName) {
        return "service/" + segment(serviceName) + ".html";
    }

    /** {@code private/<name>/}, relative to the web root. */
    public static String privateFolderHref(String serviceName) {
        return "private/" + segment(serviceName) + "/";
    }

    /** A base URL ending with {@code /}, so that relative references such as {@code monitor.haljson} resolve under it. */
    public static String withTrailingSlash(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? text : text + "/";
    }

    /** Percent-encodes one path segment (RFC 3986 unreserved characters stay as they are). */
    public static String segment(String name) {
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

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
