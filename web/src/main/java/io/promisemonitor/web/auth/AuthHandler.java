package io.promisemonitor.web.auth;

import io.promisemonitor.web.http.Answers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Lets a request through to {@code next} only with good credentials; the Undertow side of {@link Authenticator}. */
public final class AuthHandler implements HttpHandler {

    static final String CHALLENGE = "Basic realm=\"Promise Monitor\", charset=\"UTF-8\"";

    private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");

    private final Authenticator authenticator;
    private final ClientAddress clients;
    private final HttpHandler next;

    public AuthHandler(Authenticator authenticator, ClientAddress clients, HttpHandler next) {
        this.authenticator = authenticator;
        this.clients = clients;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        InetSocketAddress source = ex.getSourceAddress();
        HeaderValues forwarded = ex.getRequestHeaders().get(X_FORWARDED_FOR);
        String client = clients.of(source == null ? null : source.getAddress(),
                forwarded == null ? List.of() : List.copyOf(forwarded));
        Authenticator.Decision d = authenticator.check(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION), client,
                !ex.isInIoThread());
        switch (d.outcome()) {
            case ALLOWED:
                next.handleRequest(ex);
                return;
            case NEEDS_HASHING:
                ex.dispatch(this);
                return;
            case MISSING:
                Answers.text(ex, 401, "login required", "WWW-Authenticate", CHALLENGE);
                return;
            case MALFORMED:
                Answers.text(ex, 400, "malformed Authorization header; allowed: Basic with base64 of user:password");
                return;
            case THROTTLED:
                long seconds = Math.max(1, d.retryAfter().toSeconds());
                Answers.text(ex, 429, "too many wrong passwords for this user from your address; retry in "
                        + seconds + "s", "Retry-After", String.valueOf(seconds));
                return;
            case UNAVAILABLE:
                Answers.text(ex, 503, "login unavailable: the password file is missing, unreadable or empty;"
                        + " see the monitor's log");
                return;
            default:
                // Answered late, without holding a worker thread, so guessing is slow.
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> ex.getIoThread().executeAfter(
                        () -> Answers.text(ex, 401, "wrong user or password", "WWW-Authenticate", CHALLENGE),
                        authenticator.failureDelay().toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
