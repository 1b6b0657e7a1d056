package io.promisemonitor.promises.http;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.internal.Values;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code promise = http}: fetches a URL with the JDK's {@code HttpClient} and checks the status code, the body,
 * the response time and the days left on the TLS certificate. A failure says which step failed: DNS, connect,
 * TLS or timeout.
 */
public final class HttpPromise implements DocumentedProvider {

    /** How much of a body is kept for {@code contains} and {@code regex}. */
    static final int BODY_CAP = 1 << 20;
    static final String DEFAULT_TIMEOUT = "10s";
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "fetches a URL: status, body, response time, TLS certificate days left";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("url", "(required)", "The `http://` or `https://` URL to GET"),
                new OptionDoc("status", "200-399", "Expected status codes: codes, ranges or classes (`200`,"
                        + " `200-299`, `2xx`), comma separated"),
                new OptionDoc("contains", "(none)", "Texts the body must contain, one a line (first MiB of the"
                        + " body)"),
                new OptionDoc("regex", "(none)", "Java regexes the body must match somewhere, one a line"),
                new OptionDoc("max-response-time", "(none)", "A slower complete answer is WARNING (`500ms`)"),
                new OptionDoc("timeout", DEFAULT_TIMEOUT, "Longest wait for connection and complete answer, else"
                        + " ERROR; keep it under the service's `timeout`"),
                new OptionDoc("certificate-warning", "14d", "HTTPS: fewer days left on the server's certificate"
                        + " make WARNING"),
                new OptionDoc("certificate-critical", "3d", "HTTPS: fewer days left make ERROR"),
                new OptionDoc("ca-file", "(the system's CAs)", "PEM file of the certificates to trust instead of"
                        + " the system's (a private CA, a self-signed server)"),
                new OptionDoc("auth-file", "(none)", "File whose first line is `user:password`, sent as HTTP basic"
                        + " authentication; keeps the password out of the .cfg"),
                new OptionDoc("follow-redirects", "no", "Follow redirects (never from https to http) and check"
                        + " the final answer"));
    }

    record Settings(URI uri, StatusCodes status, List<String> contains, List<Pattern> regexes,
            Duration maxResponseTime, Duration timeout, Duration certificateWarning, Duration certificateCritical,
            String caFile, String authFile, boolean followRedirects) {
    }

    @Override
    public Promise create(PromiseOptions options) {
        String url = options.get("url").orElseThrow(() -> new OptionException(options.source()
                + ": option 'url' is required; allowed: an http:// or https:// URL"));
        URI uri = uri(options, url);
        StatusCodes status = StatusCodes.parse(options, "status", "200-399");
        List<Pattern> regexes = new ArrayList<>();
        for (String r : options.items("regex")) {
            regexes.add(options.regex("regex", r));
        }
        Duration timeout = positive(options, "timeout", DEFAULT_TIMEOUT, MAX_TIMEOUT);
        Duration maxTime = options.get("max-response-time").isPresent()
                ? positive(options, "max-response-time", null, MAX_TIMEOUT) : null;
        Duration certWarning = options.duration("certificate-warning", Duration.ofDays(14));
        Duration certCritical = options.duration("certificate-critical", Duration.ofDays(3));
        if (certCritical.compareTo(certWarning) > 0) {
            throw new OptionException(options.source() + ": option 'certificate-critical' ("
                    + Durations.format(certCritical) + ") is above option 'certificate-warning' ("
                    + Durations.format(certWarning) + "); allowed: certificate-critical at most certificate-warning");
        }
        Settings settings = new Settings(uri, status, options.items("contains"), regexes, maxTime, timeout,
                certWarning, certCritical, options.get("ca-file").orElse(null),
                options.get("auth-file").orElse(null), options.bool("follow-redirects", false));
        return context -> check(settings, context);
    }

    private static URI uri(PromiseOptions options, String url) {
        String allowed = "an http:// or https:// URL with a host, such as https://example.com/health";
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw options.bad("url", url, allowed);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw options.bad("url", url, allowed);
        }
    }

    static Duration positive(PromiseOptions options, String name, String fallback, Duration max) {
        Duration d = options.duration(name, fallback == null ? null : Durations.parse(fallback));
        if (d.isZero() || d.compareTo(max) > 0) {
            throw options.bad(name, options.get(name).orElse(fallback), "a duration from 1ms to "
                    + Durations.format(max) + ", such as 10s");
        }
        return d;
    }

    private static PromiseResult check(Settings s, PromiseContext context) throws InterruptedException {
        URI uri = s.uri();
        String where = uri.getHost() + ":" + port(uri);
        String timeoutText = Durations.format(s.timeout());
        // Resolving first tells a DNS failure apart for sure, and its time is part of what a visitor waits.
        long t0 = System.nanoTime();
        try {
            InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return PromiseResult.error("DNS: cannot resolve '" + uri.getHost() + "' (" + uri + ")");
        }
        HttpClient client;
        HttpRequest request;
        try {
            client = Clients.get(s.followRedirects(), s.timeout(), path(context, s.caFile()));
            request = request(s, context);
        } catch (IOException e) {
            return PromiseResult.error(e.getMessage());
        }
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, CappedBody.handler(BODY_CAP));
        HttpResponse<byte[]> response;
        try {
            response = future.get(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return PromiseResult.error("timeout: no answer from " + where + " within " + timeoutText + " (" + uri
                    + ")");
        } catch (ExecutionException e) {
            String failure = NetFailures.describe(e.getCause(), where, timeoutText);
            return PromiseResult.error(failure.contains(uri.toString()) ? failure : failure + " (" + uri + ")");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        return judge(s, context, response, elapsed);
    }

    private static PromiseResult judge(Settings s, PromiseContext context, HttpResponse<byte[]> response,
            Duration elapsed) {
        Status status = Status.OK;
        List<String> problems = new ArrayList<>();
        int code = response.statusCode();
        if (!s.status().contains(code)) {
            status = Status.ERROR;
            problems.add("status " + code + " is not one of " + s.status());
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        for (String text : s.contains()) {
            if (!body.contains(text)) {
                status = Status.ERROR;
                problems.add("the body does not contain '" + Values.cut(text, 100) + "'");
            }
        }
        for (Pattern regex : s.regexes()) {
            if (!regex.matcher(body).find()) {
                status = Status.ERROR;
                problems.add("the body does not match '" + Values.cut(regex.pattern(), 100) + "'");
            }
        }
        long ms = elapsed.toMillis();
        if (s.maxResponseTime() != null && elapsed.compareTo(s.maxResponseTime()) > 0) {
            status = worse(status, Status.WARNING);
            problems.add("slower than max-response-time " + Durations.format(s.maxResponseTime()));
        }
        List<Perfdata> perfdata = new ArrayList<>();
        perfdata.add(new Perfdata("time", elapsed.toNanos() / 1e9, "s",
                s.maxResponseTime() == null ? null : String.valueOf(s.maxResponseTime().toMillis() / 1000.0),
                null, "0", null));
        perfdata.add(new Perfdata("size", response.body().length, "B", null, null, "0", null));
        String certificate = "";
        Optional<X509Certificate> cert = response.sslSession().flatMap(HttpPromise::peer);
        if (cert.isPresent()) {
            Instant notAfter = cert.get().getNotAfter().toInstant();
            Duration left = Duration.between(context.clock().instant(), notAfter);
            double days = left.toSeconds() / 86400.0;
            certificate = "; certificate expires in " + days(left) + " (" + notAfter + ")";
            if (left.compareTo(s.certificateCritical()) < 0) {
                status = Status.ERROR;
                problems.add("certificate expires in less than " + Durations.format(s.certificateCritical()));
            } else if (left.compareTo(s.certificateWarning()) < 0) {
                status = worse(status, Status.WARNING);
                problems.add("certificate expires in less than " + Durations.format(s.certificateWarning()));
            }
            perfdata.add(new Perfdata("certificate days", Math.round(days * 100) / 100.0, "",
                    String.valueOf(s.certificateWarning().toHours() / 24.0) + ":",
                    String.valueOf(s.certificateCritical().toHours() / 24.0) + ":", null, null));
        }
        StringBuilder message = new StringBuilder();
        if (!problems.isEmpty()) {
            message.append(String.join("; ", problems)).append(": ");
        }
        message.append("HTTP ").append(code).append(" from ").append(response.uri()).append(" in ").append(ms)
                .append(" ms").append(certificate);
        return PromiseResult.of(status, message.toString()).withPerfdata(perfdata);
    }

    private static Status worse(Status a, Status b) {
        return a.severity() >= b.severity() ? a : b;
    }

    private static String days(Duration left) {
        long days = left.toDays();
        if (days >= 2) {
            return days + " days";
        }
        long hours = left.toHours();
        return hours + (hours == 1 ? " hour" : " hours");
    }

    private static Optional<X509Certificate> peer(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate
                    ? Optional.of((X509Certificate) chain[0]) : Optional.empty();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static Path path(PromiseContext context, String file) {
        return file == null ? null : Values.resolve(context.instanceRoot(), file);
    }

    private static HttpRequest request(Settings s, PromiseContext context) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri()).GET().timeout(s.timeout())
                .header("User-Agent", "promise-monitor");
        if (s.uri().getScheme().equalsIgnoreCase("http")) {
            // No h2c upgrade offer on plain HTTP: some servers answer it badly, and visitors do not send it.
            b.version(HttpClient.Version.HTTP_1_1);
        }
        if (s.authFile() != null) {
            Path file = path(context, s.authFile());
            String line;
            try {
                line = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new IOException("auth-file " + file + ": " + Values.why(e), e);
            }
            if (line.indexOf(':') <= 0) {
                throw new IOException("auth-file " + file + ": its first line is not 'user:password'");
            }
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    line.getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    /**
     * Clients by settings, kept: Java 17's HttpClient cannot be closed, and each one holds a selector thread until
     * it is garbage collected.
     */
    static final class Clients {

        private static final int MAX = 16;
        private static final Map<String, HttpClient> CLIENTS = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
                return size() > MAX;
            }
        };

        private Clients() {
        }

        static synchronized HttpClient get(boolean follow, Duration connectTimeout, Path caFile) throws IOException {
            String key = follow + "|" + connectTimeout + "|" + caFile + "|" + (caFile == null ? ""
                    : stamp(caFile));
            HttpClient client = CLIENTS.get(key);
            if (client == null) {
                HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
                        .followRedirects(follow ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
                if (caFile != null) {
                    b.sslContext(trusting(caFile));
                }
                client = b.build();
                CLIENTS.put(key, client);
            }
            return client;
        }

        private static String stamp(Path file) throws IOException {
            try {
                return Files.getLastModifiedTime(file) + "/" + Files.size(file);
            } catch (IOException e) {
                throw new IOException("ca-file " + file + ": " + Values.why(e), e);
            }
        }

        private static SSLContext trusting(Path caFile) throws IOException {
            try (InputStream in = Files.newInputStream(caFile)) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new IOException("ca-file " + caFile + ": no certificate in it; allowed: PEM certificates");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, tmf.getTrustManagers(), null);
                return ssl;
            } catch (GeneralSecurityException e) {
                throw new IOException("ca-file " + caFile + ": not readable as PEM certificates (" + e.getMessage()
                        + ")", e);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("ca-file")) {
                    throw e;
                }
                throw new IOException("ca-file " + caFile + ": " + Values.why(e), e);
            }
        }
    }
}
