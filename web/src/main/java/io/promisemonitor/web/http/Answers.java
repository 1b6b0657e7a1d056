package io.promisemonitor.web.http;

import io.promisemonitor.core.io.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Short answers with a reason: a line of text, or a JSON object. Never echo a credential. */
public final class Answers {

    private Answers() {
    }

    public static void text(HttpServerExchange ex, int status, String message, String... headers) {
        send(ex, status, "text/plain; charset=utf-8", message + "\n", headers);
    }

    public static void json(HttpServerExchange ex, int status, String body, String... headers) {
        send(ex, status, "application/json; charset=utf-8", body, headers);
    }

    /** {@code {"error": message}} on one line, as every JSON error answer of the monitor. */
    public static void jsonError(HttpServerExchange ex, int status, String message, String... headers) {
        json(ex, status, Json.line(Json.object().put("error", message)) + "\n", headers);
    }

    public static void send(HttpServerExchange ex, int status, String type, String body, String... headers) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            ex.getResponseHeaders().put(HttpString.tryFromString(headers[i]), headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        ex.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
}
