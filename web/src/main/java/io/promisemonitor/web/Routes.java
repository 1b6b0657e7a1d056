package io.promisemonitor.web;

import io.promisemonitor.cgi.OriginCheck;
import io.promisemonitor.cgi.Rerun;
import io.promisemonitor.cgi.SilenceOrder;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.web.http.Answers;
import io.promisemonitor.web.heartbeat.HeartbeatReceiver;
import io.promisemonitor.web.http.BrowserSafety;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.URI;
import java.util.Optional;

/**
 * The URL table: the web folder at {@code /}, public/ at {@code /public/}, private/ at {@code /private/} (login),
 * the rerun at {@code /cgi-bin/monitor-run-promise.cgi} and silences at {@code /cgi-bin/monitor-silence.cgi} (POST,
 * same origin, login), {@code /metrics}, heartbeat
 * pings at {@code /hb/<token>...} (GET or POST, the token is the credential).
 */
final class Routes implements HttpHandler {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web");

    /** Rerun requests carry no body; a bigger one is refused before anything else. */
    static final long MAX_BODY = 64 * 1024;

    private final HttpHandler web;
    private final HttpHandler publicFiles;
    private final HttpHandler privateFiles;
    private final HttpHandler sharedPublic;
    private final HttpHandler sharedPrivate;
    private final HttpHandler rerun;
    private final HttpHandler silence;
    private final HttpHandler metrics;
    private final HttpHandler heartbeat;
    private final BrowserSafety safety;
    private final Optional<URI> baseUrl;

    Routes(HttpHandler web, HttpHandler publicFiles, HttpHandler privateFiles, HttpHandler sharedPublic,
            HttpHandler sharedPrivate, HttpHandler rerun, HttpHandler silence, HttpHandler metrics,
            HttpHandler heartbeat,
            BrowserSafety safety, Optional<URI> baseUrl) {
        this.web = web;
        this.publicFiles = publicFiles;
        this.privateFiles = privateFiles;
        this.sharedPublic = sharedPublic;
        this.sharedPrivate = sharedPrivate;
        this.rerun = rerun;
        this.silence = silence;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
        this.safety = safety;
        this.baseUrl = baseUrl;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        ex.getResponseHeaders().put(BrowserSafety.NOSNIFF_HEADER, "nosniff");
        String path = ex.getRequestPath();
        try {
            route(ex, path);
        } catch (Exception | Error e) {
            // the method and path only: a query string or header may hold something private
            LOG.log(System.Logger.Level.ERROR, "request " + ex.getRequestMethod() + " " + path + " failed: " + e
                    + "; will keep serving", e);
            Answers.text(ex, 500, "internal error; see the monitor's log");
        }
    }

    private void route(HttpServerExchange ex, String path) throws Exception {
        if (path.equals(Rerun.PATH)) {
            guardedPost(ex, rerun);
            return;
        }
        if (path.equals(SilenceOrder.PATH)) {
            guardedPost(ex, silence);
            return;
        }
        if (path.equals(UrlLayout.absolute(UrlLayout.METRICS))) {
            metrics.handleRequest(ex);
            return;
        }
        if (path.startsWith(HeartbeatReceiver.PREFIX)) {
            heartbeat.handleRequest(ex);
            return;
        }
        if (!path.startsWith("/")) {
            Answers.text(ex, 400, "bad path");
            return;
        }
        if (under(path, UrlLayout.CGI_FOLDER + "/")) {
            Answers.text(ex, 404, "not found");
            return;
        }
        HttpString method = ex.getRequestMethod();
        boolean cors = BrowserSafety.corsPath(path);
        if (method.equals(Methods.OPTIONS)) {
            if (cors) {
                safety.preflight(ex);
            } else {
                ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, OPTIONS");
                ex.setStatusCode(204);
                ex.endExchange();
            }
            return;
        }
        if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
            Answers.text(ex, 405, "method " + method + " not allowed; allowed: GET, HEAD, OPTIONS",
                    "Allow", "GET, HEAD, OPTIONS");
            return;
        }
        if (cors) {
            safety.cors(ex);
        }
        if (under(path, UrlLayout.PRIVATE)) {
            privateFiles.handleRequest(ex);
        } else if (under(path, UrlLayout.PUBLIC)) {
            publicFiles.handleRequest(ex);
        } else if (under(path, UrlLayout.SHARE_PRIVATE)) {
            sharedPrivate.handleRequest(ex);
        } else if (under(path, UrlLayout.SHARE_PUBLIC)) {
            sharedPublic.handleRequest(ex);
        } else {
            web.handleRequest(ex);
        }
    }

    /** The rerun's and the silence's rules: POST only, a small body, same origin, then the login. */
    private void guardedPost(HttpServerExchange ex, HttpHandler next) throws Exception {
        HeaderMap headers = ex.getRequestHeaders();
        if (!ex.getRequestMethod().equals(Methods.POST)) {
            // before the login: a wrong method tells nothing
            Answers.jsonError(ex, 405, "method " + ex.getRequestMethod() + " is not allowed; allowed: POST", "Allow",
                    "POST");
            return;
        }
        String length = headers.getFirst(Headers.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            // the body is never read: close the connection rather than drain it
            ex.setPersistent(false);
            Answers.jsonError(ex, 413, "request body too large; allowed: none");
            return;
        }
        Optional<String> refused = OriginCheck.refusal(headers.getFirst(Headers.ORIGIN),
                headers.getFirst(Headers.REFERER), baseUrl, ex.getRequestScheme(), ex.getHostAndPort());
        if (refused.isPresent()) {
            Answers.jsonError(ex, 403, refused.get());
            return;
        }
        next.handleRequest(ex);
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > MAX_BODY;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** {@code /<folder>} itself or any path under it; {@code folder} ends with {@code /}. */
    private static boolean under(String path, String folder) {
        String absolute = UrlLayout.absolute(folder);
        return path.startsWith(absolute) || path.equals(absolute.substring(0, absolute.length() - 1));
    }
}
