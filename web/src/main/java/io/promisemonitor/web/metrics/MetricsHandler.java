package io.promisemonitor.web.metrics;

import io.promisemonitor.web.http.Answers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** {@code GET /metrics}; reads files, so it runs on a worker thread. */
public final class MetricsHandler implements HttpHandler {

    private final StatusMetrics metrics;

    public MetricsHandler(StatusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            Answers.text(ex, 405, "method not allowed; allowed: GET, HEAD", "Allow", "GET, HEAD");
            return;
        }
        if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String type = metrics.write(out, ex.getRequestHeaders().getFirst(Headers.ACCEPT));
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, out.size());
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(ByteBuffer.wrap(out.toByteArray()));
    }
}
