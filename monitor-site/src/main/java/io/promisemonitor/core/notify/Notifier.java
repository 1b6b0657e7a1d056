package io.promisemonitor.core.notify;

import io.promisemonitor.core.run.ProcessOutcome;
import io.promisemonitor.core.run.ProcessRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells someone of each status change: runs {@code notify-command} with the change as JSON on stdin and as
 * {@code MONITOR_*} variables, and POSTs the same JSON to {@code notify-url}, with a timeout and retries. Each hook
 * has its own thread and a bounded queue, so neither a hung command nor a dead web hook ever holds up the executor
 * or the other hook; changes reach each hook in the order they happened. A failure is logged and kept as a
 * {@link #problems() problem} for the dashboard until the same hook next succeeds.
 */
public final class Notifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.notify");
    /** Changes waiting per hook; beyond this, a dead hook costs memory for nothing. */
    static final int QUEUE = 1000;
    private static final int OUTPUT_KEPT = 400;

    private final List<String> command;
    private final Optional<URI> url;
    private final Duration timeout;
    private final int retries;
    private final Duration retryDelay;
    private final Path workingDirectory;
    private final Path commandOutput;
    private final Clock clock;
    private final ProcessRunner processes;
    private final Runnable onProblemChange;
    private final ExecutorService commandThread;
    private final ExecutorService urlThread;
    private final HttpClient http;
    private final Map<String, String> problems = new TreeMap<>();
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * @param commandOutput where the command's stdout and stderr go (the end is quoted in a problem)
     * @param onProblemChange called when a problem appears or clears, so the dashboard is rendered again
     */
    public Notifier(List<String> command, Optional<URI> url, Duration timeout, int retries, Duration retryDelay,
            Path workingDirectory, Path commandOutput, Clock clock, Runnable onProblemChange) {
        this(command, url, timeout, retries, retryDelay, workingDirectory, commandOutput, clock,
                ProcessRunner.create(clock), onProblemChange);
    }

    /**
     * @param processes runs the command as it runs promises: own session, timeout, capped output, and whatever it
     *     leaves running killed (and reaped) at its end
     */
    public Notifier(List<String> command, Optional<URI> url, Duration timeout, int retries, Duration retryDelay,
            Path workingDirectory, Path commandOutput, Clock clock, ProcessRunner processes,
            Runnable onProblemChange) {
        this.command = List.copyOf(command);
        this.url = url;
        this.timeout = timeout;
        this.retries = retries;
        this.retryDelay = retryDelay;
        this.workingDirectory = workingDirectory;
        this.commandOutput = commandOutput;
        this.clock = clock;
        this.processes = processes;
        this.onProblemChange = onProblemChange;
        this.commandThread = singleThread("notify-command");
        this.urlThread = singleThread("notify-url");
        this.http = url.isEmpty() ? null : HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean enabled() {
        return !command.isEmpty() || url.isPresent();
    }

    /** Queues {@code notice} for every configured hook and returns at once. */
    public void submit(ChangeNotice notice) {
        if (!command.isEmpty()) {
            queue(commandThread, "notify-command", () -> runCommand(notice));
        }
        if (url.isPresent()) {
            queue(urlThread, "notify-url", () -> post(notice));
        }
    }

    /** Current problems, one line each: when, which hook, what went wrong. */
    public List<String> problems() {
        synchronized (problems) {
            return new ArrayList<>(problems.values());
        }
    }

    private void queue(ExecutorService thread, String hook, Runnable task) {
        pending.incrementAndGet();
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    failed(hook, "failed: " + e);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            failed(hook, "change dropped: " + QUEUE + " changes already wait (is the hook hung?)");
        }
    }

    private void runCommand(ChangeNotice notice) {
        String hook = "notify-command";
        // only this hook's thread writes it, one change at a time
        Path stdin = commandOutput.resolveSibling("notice.json");
        try {
            Files.createDirectories(commandOutput.getParent());
            Files.writeString(stdin, notice.json() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            failed(hook, notice.summary() + ": " + command.get(0) + " cannot be started: " + e.getMessage());
            return;
        }
        ProcessOutcome outcome;
        try {
            outcome = processes.run(command, notice.environment(), workingDirectory, timeout, stdin);
        } catch (CancellationException e) {
            return; // shutting down: the interrupt flag is set again
        }
        keepOutput(outcome);
        if (outcome.startFailure().isPresent()) {
            failed(hook, notice.summary() + ": " + outcome.startFailure().get());
        } else if (outcome.timedOut()) {
            failed(hook, notice.summary() + ": " + command.get(0) + " timed out after "
                    + timeout.toMillis() / 1000.0 + " s and was killed");
        } else if (outcome.exitCode() != 0) {
            failed(hook, notice.summary() + ": " + command.get(0) + " exited with " + outcome.exitCode()
                    + lastOutput());
        } else {
            succeeded(hook, notice.summary());
        }
    }

    /** The command's stdout then stderr (each capped as a promise's is), for the operator and the problem. */
    private void keepOutput(ProcessOutcome outcome) {
        try (OutputStream out = Files.newOutputStream(commandOutput)) {
            out.write(outcome.stdout());
            out.write(outcome.stderr());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "notify-command output not kept in " + commandOutput + ": " + e);
        }
    }

    private String lastOutput() {
        try {
            String text = Files.readString(commandOutput, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "";
            }
            return ": " + (text.length() > OUTPUT_KEPT ? "..." + text.substring(text.length() - OUTPUT_KEPT) : text);
        } catch (IOException e) {
            return "";
        }
    }

    private void post(ChangeNotice notice) {
        String hook = "notify-url";
        HttpRequest request = HttpRequest.newBuilder(url.get()).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "promise-monitor")
                .POST(HttpRequest.BodyPublishers.ofString(notice.json(), StandardCharsets.UTF_8)).build();
        String last = "";
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                try {
                    // Doubling waits: a web hook that is restarting gets time to come back.
                    Thread.sleep(retryDelay.multipliedBy(1L << (attempt - 1)).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    succeeded(hook, notice.summary());
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e instanceof java.net.http.HttpTimeoutException ? "no answer within "
                        + timeout.toMillis() / 1000.0 + " s" : e.getMessage() == null ? e.toString() : e.getMessage();
                if (e instanceof java.net.ConnectException && e.getMessage() == null) {
                    last = "connection refused";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        failed(hook, notice.summary() + ": POST to " + shown(url.get()) + " failed: " + last + " after "
                + (retries + 1) + (retries == 0 ? " attempt" : " attempts"));
    }

    /** The URL without its query and user info, which may hold a token. */
    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private void failed(String hook, String what) {
        String line = clock.instant() + " " + hook + " " + what;
        LOG.log(System.Logger.Level.ERROR, line + "; will keep running");
        synchronized (problems) {
            problems.put(hook, line);
        }
        onProblemChange.run();
    }

    private void succeeded(String hook, String what) {
        LOG.log(System.Logger.Level.INFO, hook + " told of " + what);
        boolean cleared;
        synchronized (problems) {
            cleared = problems.remove(hook) != null;
        }
        if (cleared) {
            onProblemChange.run();
        }
    }

    private static ExecutorService singleThread(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits up to {@code limit} for queued notices to go out, then stops. */
    public void shutdown(Duration limit) throws InterruptedException {
        commandThread.shutdown();
        urlThread.shutdown();
        long deadline = System.nanoTime() + limit.toNanos();
        commandThread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        urlThread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        commandThread.shutdownNow();
        urlThread.shutdownNow();
    }

    /** Waits until every queued notice was handled; for tests and an orderly stop. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() {
        try {
            shutdown(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
