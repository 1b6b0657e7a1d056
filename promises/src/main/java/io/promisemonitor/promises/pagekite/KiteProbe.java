package io.promisemonitor.promises.pagekite;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.promises.http.CappedBody;
import io.promisemonitor.promises.http.NetFailures;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One fetch of the kite through its relay, told apart as PageKite's watchdog needs it (seed 000, point 1): the
 * relay's own "kite unavailable" answer proves the relay is reachable and the kite is not flying; any failure to
 * get an answer at all (DNS, connect, TLS, timeout) blames the network, not PageKite.
 */
final class KiteProbe {

    /** The relay's offline page is small; a kite's own page may be big and is not needed whole. */
    static final int BODY_CAP = 64 * 1024;
    static final String STATUS_HEADER = "X-PageKite-Status";

    enum Verdict {
        /** An answer from the kite's back end (whatever its status): the kite is flying. */
        FLYING,
        /** The front-end relay says the kite is not connected. */
        DOWN_FE,
        /** The kite is connected but the server behind it does not answer: not PageKite's fault. */
        DOWN_BE,
        /** No answer: DNS, connect, TLS, timeout. */
        NETWORK
    }

    record Probe(Verdict verdict, String text) {
    }

    private static HttpClient client;

    private KiteProbe() {
    }

    private static synchronized HttpClient client() {
        // one client, kept: Java 17's HttpClient holds a selector thread until it is collected
        if (client == null) {
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
        return client;
    }

    static Probe probe(URI url, Duration timeout) throws InterruptedException {
        int port = url.getPort() > 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        String where = url.getHost() + ":" + port;
        String timeoutText = Durations.format(timeout);
        try {
            InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return new Probe(Verdict.NETWORK, "DNS: cannot resolve '" + url.getHost() + "' (" + url + ")");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(url).GET().timeout(timeout)
                .header("User-Agent", "promise-monitor pagekite watchdog");
        if (url.getScheme().equalsIgnoreCase("http")) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future = client().sendAsync(b.build(),
                CappedBody.handler(BODY_CAP));
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Probe(Verdict.NETWORK, "timeout: no answer from " + where + " within " + timeoutText + " ("
                    + url + ")");
        } catch (ExecutionException e) {
            String failure = NetFailures.describe(e.getCause(), where, timeoutText);
            return new Probe(Verdict.NETWORK, failure.contains(url.toString()) ? failure : failure + " (" + url + ")");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return judge(url, response.statusCode(), response.headers().firstValue(STATUS_HEADER).orElse(""),
                new String(response.body(), StandardCharsets.UTF_8), ms);
    }

    static Probe judge(URI url, int code, String statusHeader, String body, long ms) {
        String header = statusHeader.strip().toLowerCase(Locale.ROOT);
        String answer = "HTTP " + code + " from " + url + " in " + ms + " ms";
        if (header.equals("down-fe")) {
            return new Probe(Verdict.DOWN_FE, answer + ", " + STATUS_HEADER + ": " + statusHeader.strip());
        }
        if (header.equals("down-be")) {
            return new Probe(Verdict.DOWN_BE, answer + ", " + STATUS_HEADER + ": " + statusHeader.strip());
        }
        if (code == 503) {
            // the offline page frames or links https://pagekite.net/offline/?&where=FE&proto=...&domain=...
            if (body.contains("where=BE")) {
                return new Probe(Verdict.DOWN_BE, answer + ", the relay's offline page (where=BE)");
            }
            if (body.contains("where=FE") || body.contains("pagekite.net/offline")) {
                return new Probe(Verdict.DOWN_FE, answer + ", the relay's offline page (where=FE)");
            }
        }
        return new Probe(Verdict.FLYING, answer);
    }
}
