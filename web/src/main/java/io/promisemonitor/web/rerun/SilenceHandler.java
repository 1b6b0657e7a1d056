package io.promisemonitor.web.rerun;

import io.promisemonitor.cgi.RerunAnswer;
import io.promisemonitor.cgi.SilenceOrder;
import io.promisemonitor.web.http.Answers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The Undertow side of {@link SilenceOrder}: hands it the query and a form body (read up to
 * {@link SilenceOrder#MAX_BODY}) and the login that sent them, sends its answer. Behind the login and the origin
 * check, as the rerun is.
 */
public final class SilenceHandler implements HttpHandler {

    private final SilenceOrder order;

    public SilenceHandler(SilenceOrder order) {
        this.order = order;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        boolean form = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        long length = ex.getRequestContentLength();
        if (length > SilenceOrder.MAX_BODY) {
            ex.setPersistent(false);
            Answers.json(ex, 413, "{\"error\":\"request body too large; allowed: up to " + SilenceOrder.MAX_BODY
                    + " bytes\"}\n");
            return;
        }
        if (!form) {
            answer(ex, null);
            return;
        }
        ex.getRequestReceiver().receiveFullBytes((exchange, bytes) -> {
            if (bytes.length > SilenceOrder.MAX_BODY) {
                exchange.setPersistent(false);
                Answers.json(exchange, 413, "{\"error\":\"request body too large; allowed: up to "
                        + SilenceOrder.MAX_BODY + " bytes\"}\n");
                return;
            }
            String body = new String(bytes, StandardCharsets.UTF_8);
            // the silence's file is written on a worker thread, not the I/O one
            exchange.dispatch(() -> answer(exchange, body));
        });
    }

    private void answer(HttpServerExchange ex, String body) {
        if (ex.isInIoThread()) {
            ex.dispatch(() -> answer(ex, body));
            return;
        }
        RerunAnswer a = order.handle(ex.getRequestMethod().toString(), ex.getQueryString(), body,
                user(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION)));
        String contentType = a.headers().getOrDefault("Content-Type", "application/json; charset=utf-8");
        String[] headers = a.headers().entrySet().stream().filter(e -> !e.getKey().equals("Content-Type"))
                .flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
        Answers.send(ex, a.status(), contentType, a.body(), headers);
    }

    /** The user of a Basic login the authentication handler let through; "?" when there is none. */
    static String user(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "?";
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? "?" : pair.substring(0, colon).replaceAll("\\p{Cntrl}", "?");
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }
}
