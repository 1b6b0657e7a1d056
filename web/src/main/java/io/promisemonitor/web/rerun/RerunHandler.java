package io.promisemonitor.web.rerun;

import io.promisemonitor.cgi.Rerun;
import io.promisemonitor.cgi.RerunAnswer;
import io.promisemonitor.web.http.Answers;
import io.promisemonitor.web.metrics.StatusMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * The Undertow side of {@link Rerun}: hands it the method and raw query, sends its answer. A {@code wait=1}
 * request holds no thread while its run goes on: the answer is sent when the run's future completes.
 */
public final class RerunHandler implements HttpHandler {

    private final Rerun rerun;
    private final StatusMetrics metrics;

    public RerunHandler(Rerun rerun, StatusMetrics metrics) {
        this.rerun = rerun;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (ex.isInIoThread()) {
            // the backends touch files (spool, lock, configuration)
            ex.dispatch(this);
            return;
        }
        CompletableFuture<RerunAnswer> answer = rerun.handle(ex.getRequestMethod().toString(), ex.getQueryString());
        if (answer.isDone()) {
            send(ex, answer.join());
            return;
        }
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> answer.whenComplete((a, failure) ->
                ex.getIoThread().execute(() -> {
                    if (failure != null) {
                        Answers.jsonError(ex, 500, "the rerun failed; see the monitor's log");
                    } else {
                        send(ex, a);
                    }
                })));
    }

    private void send(HttpServerExchange ex, RerunAnswer answer) {
        RerunAnswer a = answer.forClient(ex.getRequestHeaders().getFirst(Headers.ACCEPT),
                ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        metrics.rerunAnswered(a.status());
        String type = a.headers().getOrDefault("Content-Type", "application/json; charset=utf-8");
        String[] headers = a.headers().entrySet().stream().filter(e -> !e.getKey().equals("Content-Type"))
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
        Answers.send(ex, a.status(), type, a.body(), headers);
    }
}
