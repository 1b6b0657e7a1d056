package io.promisemonitor.web.http;

import io.promisemonitor.core.publish.UrlLayout;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that keep a browser safe: {@code nosniff} on every answer; on HTML a Content-Security-Policy whose
 * {@code connect-src} admits the related monitors (the dashboard fetches their monitor.haljson) and that forbids
 * framing; CORS for public JSON and monitor.haljson, for the origins in {@code cors-allowed-origins}.
 */
public final class BrowserSafety {

    public static final HttpString NOSNIFF_HEADER = new HttpString("X-Content-Type-Options");
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

    private final String policy;
    private final Set<String> corsOrigins;
    private final boolean anyOrigin;

    public BrowserSafety(List<URI> relatedMonitors, List<String> corsOrigins) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        for (URI u : relatedMonitors) {
            connect.add(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority());
        }
        this.policy = "default-src 'self'; connect-src " + String.join(" ", connect)
                + "; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none';"
                + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        this.corsOrigins = Set.copyOf(corsOrigins);
        this.anyOrigin = corsOrigins.contains("*");
    }

    public String policy() {
        return policy;
    }

    public void html(HttpServerExchange ex) {
        HeaderMap h = ex.getResponseHeaders();
        h.put(CSP, policy);
        h.put(FRAME_OPTIONS, "DENY");
        h.put(REFERRER_POLICY, "same-origin");
    }

    /**
     * Public JSON and monitor.haljson may be read by other monitors' dashboards; SlapOS's web app reads the feeds
     * and the document lists too.
     */
    public static boolean corsPath(String path) {
        return path.equals(UrlLayout.absolute(UrlLayout.HAL_JSON))
                || (path.startsWith(UrlLayout.absolute(UrlLayout.PUBLIC))
                        || path.startsWith(UrlLayout.absolute(UrlLayout.SHARE_PUBLIC)))
                && (path.endsWith(".json") || path.endsWith("/_document_list")
                        || path.equals(UrlLayout.absolute(UrlLayout.PUBLIC + UrlLayout.SLAPOS_FEEDS))
                        || path.equals(UrlLayout.absolute(UrlLayout.PUBLIC + UrlLayout.SLAPOS_FEED)));
    }

    /** Adds the CORS headers when the request's origin is allowed; returns whether it is. */
    public boolean cors(HttpServerExchange ex) {
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        ex.getResponseHeaders().add(Headers.VARY, "Origin");
        if (origin == null || !(anyOrigin || corsOrigins.contains(origin.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        ex.getResponseHeaders().put(ALLOW_ORIGIN, anyOrigin ? "*" : origin);
        return true;
    }

    /** Answers a CORS preflight for a public JSON path. */
    public void preflight(HttpServerExchange ex) {
        if (cors(ex)) {
            ex.getResponseHeaders().put(ALLOW_METHODS, "GET, HEAD");
            ex.getResponseHeaders().put(ALLOW_HEADERS, "If-None-Match, If-Modified-Since, Cache-Control");
            ex.getResponseHeaders().put(MAX_AGE, "600");
        }
        ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, OPTIONS");
        ex.setStatusCode(204);
        ex.endExchange();
    }
}
