package io.promisemonitor.web.heartbeat;

import io.promisemonitor.web.http.Answers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;

/**
 * The Undertow side of {@link HeartbeatReceiver}: checks the method and the body's size, reads the body (a job's
 * output, whose first line is kept) and sends the answer. No login: the token in the path is the credential, as
 * with healthchecks.io, so a cron job pings with a bare {@code curl}.
 */
public final class HeartbeatHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web");

    private final HeartbeatReceiver receiver;
    private final long maxBody;

    /** @param maxBody bodies longer than this are refused with 413 and not recorded */
    public HeartbeatHandler(HeartbeatReceiver receiver, long maxBody) {
        this.receiver = receiver;
        this.maxBody = maxBody;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (!HeartbeatReceiver.methodAllowed(ex.getRequestMethod().toString())) {
            Answers.text(ex, 405, "method " + ex.getRequestMethod() + " not allowed; allowed: GET, POST",
                    "Allow", "GET, POST");
            return;
        }
        String length = ex.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            ex.setPersistent(false);
            tooLarge(ex);
            return;
        }
        if (ex.isInIoThread()) {
            // reading the body blocks, and recording writes a file
            ex.dispatch(this);
            return;
        }
        ex.startBlocking();
        byte[] body;
        try (InputStream in = ex.getInputStream()) {
            body = in.readNBytes((int) maxBody + 1);
        } catch (IOException e) {
            // Undertow's own entity limit, or a client gone: nothing worth recording
            ex.setPersistent(false);
            tooLarge(ex);
            return;
        }
        if (body.length > maxBody) {
            ex.setPersistent(false);
            tooLarge(ex);
            return;
        }
        HeartbeatReceiver.Answer a;
        try {
            a = receiver.receive(ex.getRequestPath(), body);
        } catch (RuntimeException e) {
            // logged here without the path: it holds the token
            LOG.log(System.Logger.Level.ERROR, "a heartbeat ping failed: " + e + "; will keep serving", e);
            a = new HeartbeatReceiver.Answer(500, "internal error; see the monitor's log");
        }
        Answers.text(ex, a.status(), a.text(), a.headers());
    }

    private void tooLarge(HttpServerExchange ex) {
        Answers.text(ex, 413, "ping body too large; allowed: up to " + maxBody / 1024 + " KiB (only its first line"
                + " is kept)");
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > maxBody;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
