package io.promisemonitor.core.fleet;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs of a related monitor's files, each within a time and a size limit and a number of redirects (followed here,
 * not by the client, so that a loop is named). Any failure is an {@link Unreachable} that says what went wrong
 * with which URL.
 */
final class RemoteFiles {

    /** The file is not there (HTTP 404 or 410): a reason, but one a caller may take for "none". */
    static final class Missing extends Exception {
        private static final long serialVersionUID = 1L;

        Missing(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Duration BODY_MARGIN = Duration.ofSeconds(1);

    private final FleetLimits limits;
    private final HttpClient http;

    RemoteFiles(FleetLimits limits) {
        this.limits = limits;
        this.http = HttpClient.newBuilder().connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * The body of {@code url} (HTTP 200), at most {@code maxBytes}, read before {@code deadline} ({@link
     * System#nanoTime()}) and within the answer limit.
     */
    byte[] get(URI url, long maxBytes, long deadline) throws Unreachable, Missing {
        List<URI> chain = new ArrayList<>();
        chain.add(url);
        URI current = url;
        while (true) {
            HttpResponse<byte[]> answer = send(current, maxBytes, deadline);
            int code = answer.statusCode();
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                String location = answer.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    throw new Unreachable(current + ": HTTP " + code + " without a Location");
                }
                URI next;
                try {
                    next = current.resolve(location.strip());
                } catch (IllegalArgumentException e) {
                    throw new Unreachable(current + ": HTTP " + code + " to a bad Location '" + cut(location) + "'");
                }
                if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                    throw new Unreachable(current + ": redirected to " + cut(next.toString())
                            + "; allowed: http and https");
                }
                boolean loop = chain.contains(next);
                chain.add(next);
                if (loop) {
                    throw new Unreachable("redirect loop: " + join(chain));
                }
                if (chain.size() - 1 > limits.maxRedirects()) {
                    throw new Unreachable("more than " + limits.maxRedirects() + " redirects: " + join(chain));
                }
                current = next;
                continue;
            }
            if (code == 404 || code == 410) {
                throw new Missing(current + ": HTTP " + code);
            }
            if (code != 200) {
                throw new Unreachable(current + ": HTTP " + code);
            }
            return answer.body();
        }
    }

    private HttpResponse<byte[]> send(URI url, long maxBytes, long deadline) throws Unreachable {
        long left = Math.min(limits.answerTimeout().toNanos(), deadline - System.nanoTime());
        if (left <= 0) {
            throw new Unreachable(url + ": not read, the monitor's " + seconds(limits.monitorTimeout().toNanos())
                    + " were spent");
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(Duration.ofNanos(left))
                    .header("Accept", "application/json, application/hal+json").GET().build();
        } catch (IllegalArgumentException e) {
            throw new Unreachable(cut(url.toString()) + ": not a URL the monitor can read (" + e.getMessage() + ")");
        }
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> new Capped(info, maxBytes));
        try {
            // The client's own limit covers the headers; this one, a little later, a body that never ends.
            return answer.get(left + BODY_MARGIN.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new Unreachable(url + ": no complete answer within " + seconds(left));
        } catch (ExecutionException e) {
            throw new Unreachable(url + ": " + why(e.getCause(), left));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new Unreachable(url + ": not read within the round's "
                    + seconds(limits.roundTimeout().toNanos()));
        }
    }

    private static String why(Throwable t, long left) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TooLarge) {
            return t.getMessage();
        }
        if (t instanceof HttpTimeoutException) {
            return "no complete answer within " + seconds(left);
        }
        if (t instanceof ConnectException) {
            return "cannot connect" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String seconds(long nanos) {
        return Math.round(nanos / 1e8) / 10.0 + " s";
    }

    private static String join(List<URI> chain) {
        StringBuilder out = new StringBuilder();
        for (URI u : chain) {
            out.append(out.length() == 0 ? "" : " -> ").append(cut(u.toString()));
        }
        return out.toString();
    }

    static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("answer larger than " + (max >= 1 << 20 ? (max >> 20) + " MiB" : (max >> 10) + " KiB")
                    + " (the limit)", null, false, false);
        }
    }

    /** Collects a body up to a size, and gives up (closing the stream) at the first byte beyond. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long max;
        private Flow.Subscription subscription;

        Capped(HttpResponse.ResponseInfo info, long max) {
            this.max = max;
            OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > max) {
                body.completeExceptionally(new TooLarge(max));
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (body.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge(max));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
