package io.promisemonitor.web;

import io.promisemonitor.cgi.Rerun;
import io.promisemonitor.cgi.RerunBackend;
import io.promisemonitor.cgi.SilenceOrder;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.publish.Refusals;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.web.auth.AuthHandler;
import io.promisemonitor.web.auth.Authenticator;
import io.promisemonitor.web.auth.ClientAddress;
import io.promisemonitor.web.files.Manifest;
import io.promisemonitor.web.files.PathGuard;
import io.promisemonitor.web.files.StaticFiles;
import io.promisemonitor.web.heartbeat.HeartbeatHandler;
import io.promisemonitor.web.heartbeat.HeartbeatReceiver;
import io.promisemonitor.web.http.BrowserSafety;
import io.promisemonitor.web.metrics.MetricsHandler;
import io.promisemonitor.web.metrics.StatusMetrics;
import io.promisemonitor.web.rerun.RerunHandler;
import io.promisemonitor.web.rerun.SilenceHandler;
import io.promisemonitor.web.tls.PemSslContext;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.xnio.Options;

/**
 * The monitor's web server: the static tree, the login-guarded private files, the rerun POST, the metrics and
 * the heartbeat pings, as set by monitor.conf. It runs no promise: reruns go to a {@link RerunBackend}, and a
 * heartbeat ping is only written down for the executor's heartbeat promise (whose tokens it reads to know them).
 *
 * <pre>{@code
 * try (MonitorServer server = MonitorServer.start(monitor, InProcessBackend.of(executor))) {
 *     System.out.println("serving " + server.url());
 * }
 * }</pre>
 */
public final class MonitorServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web");

    private final Undertow undertow;
    private final URI url;
    private final int port;
    private final List<String> warnings;

    private MonitorServer(Undertow undertow, URI url, int port, List<String> warnings) {
        this.undertow = undertow;
        this.url = url;
        this.port = port;
        this.warnings = warnings;
    }

    /** Starts the server as monitor.conf says; reruns go to {@code reruns}, which the caller closes. */
    public static MonitorServer start(MonitorConfig monitor, RerunBackend reruns) {
        return builder(monitor, reruns).start();
    }

    public static Builder builder(MonitorConfig monitor, RerunBackend reruns) {
        return new Builder(monitor, reruns);
    }

    /** The listening port (the one picked when {@code httpd-port = 0}). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:8196/}, or https with TLS. */
    public URI url() {
        return url;
    }

    /** Warnings about the set-up, also logged at start (a non-loopback address without TLS). */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        undertow.stop();
    }

    /** Settings beyond monitor.conf, for tests and embedding. */
    public static final class Builder {
        private final MonitorConfig monitor;
        private final RerunBackend reruns;
        private Clock clock = Clock.systemDefaultZone();
        private Duration requestParseTimeout = Duration.ofSeconds(10);
        private Duration noRequestTimeout = Duration.ofSeconds(60);

        private Builder(MonitorConfig monitor, RerunBackend reruns) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            this.reruns = Objects.requireNonNull(reruns, "reruns");
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How long a client may take to send its request line and headers (slow clients are cut off). */
        public Builder requestParseTimeout(Duration value) {
            this.requestParseTimeout = value;
            return this;
        }

        /** How long a kept-alive connection may stay idle between requests. */
        public Builder noRequestTimeout(Duration value) {
            this.noRequestTimeout = value;
            return this;
        }

        /**
         * @throws ConfigException when the TLS files cannot be used or the address cannot be listened on
         */
        public MonitorServer start() {
            WebSettings settings = WebSettings.of(monitor);
            Authenticator authenticator = new Authenticator(settings.htpasswdFile(), clock);
            ClientAddress clients = new ClientAddress(settings.trustedProxies());
            BrowserSafety safety = new BrowserSafety(monitor.monitorUrlList(), settings.corsAllowedOrigins());
            StatusMetrics metrics = new StatusMetrics(monitor, clock, authenticator::failures);
            Manifest manifest = new Manifest(monitor);
            boolean listing = settings.directoryListing();

            HttpHandler web = new StaticFiles("/", new PathGuard(monitor.webFolder(), Map::of), listing, safety);
            Consumer<Path> leadsOut = path -> Refusals.record(monitor, path);
            HttpHandler publicFiles = new StaticFiles(UrlLayout.absolute(UrlLayout.PUBLIC), new PathGuard(monitor.publicFolder(), manifest,
                    leadsOut), listing, safety);
            HttpHandler privateFiles = new AuthHandler(authenticator, clients, new StaticFiles(UrlLayout.absolute(UrlLayout.PRIVATE),
                    new PathGuard(monitor.privateFolder(), manifest, leadsOut), listing, safety));
            // SlapOS's web app reads the same folders under /share/ (WebDAV there; read-only files here)
            HttpHandler sharedPublic = new StaticFiles(UrlLayout.absolute(UrlLayout.SHARE_PUBLIC), new PathGuard(monitor.publicFolder(),
                    manifest, leadsOut), listing, safety);
            HttpHandler sharedPrivate = new AuthHandler(authenticator, clients, new StaticFiles(UrlLayout.absolute(UrlLayout.SHARE_PRIVATE),
                    new PathGuard(monitor.privateFolder(), manifest, leadsOut), listing, safety));
            if (settings.publicRequiresAuth()) {
                publicFiles = new AuthHandler(authenticator, clients, publicFiles);
                sharedPublic = new AuthHandler(authenticator, clients, sharedPublic);
            }
            HttpHandler rerun = new AuthHandler(authenticator, clients,
                    new RerunHandler(Rerun.of(monitor, reruns), metrics));
            HttpHandler silence = new AuthHandler(authenticator, clients,
                    new SilenceHandler(SilenceOrder.of(monitor, clock)));
            HttpHandler metricsHandler = new MetricsHandler(metrics);
            if (settings.metricsRequiresAuth()) {
                metricsHandler = new AuthHandler(authenticator, clients, metricsHandler);
            }
            HttpHandler heartbeat = new HeartbeatHandler(new HeartbeatReceiver(monitor, clock), Routes.MAX_BODY);
            Routes routes = new Routes(web, publicFiles, privateFiles, sharedPublic, sharedPrivate, rerun, silence,
                    metricsHandler, heartbeat, safety,
                    monitor.baseUrl());

            Undertow.Builder builder = Undertow.builder()
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                    // paths are decoded segment by segment by PathGuard, which refuses %2f, %00 and the like
                    .setServerOption(UndertowOptions.DECODE_URL, false)
                    .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) requestParseTimeout.toMillis())
                    .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) noRequestTimeout.toMillis())
                    .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Routes.MAX_BODY)
                    .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 32 * 1024)
                    .setSocketOption(Options.WRITE_TIMEOUT, 60_000)
                    // Undertow keeps its Date in a static, cleared a second later by a timer of the server that set
                    // it: a server stopped within that second left every later one in the JVM with a frozen Date.
                    .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                    .setHandler(exchange -> {
                        exchange.getResponseHeaders().put(Headers.DATE, DateUtils.toDateString(new Date()));
                        routes.handleRequest(exchange);
                    });
            if (settings.tls()) {
                SSLContext context;
                try {
                    context = PemSslContext.load(settings.tlsCertificate().get(), settings.tlsKey().get());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(new ConfigProblem(monitor.configFile(), 0, e.getMessage()));
                }
                builder.addHttpsListener(settings.port(), settings.address(), context);
            } else {
                builder.addHttpListener(settings.port(), settings.address());
            }
            Undertow undertow = builder.build();
            try {
                undertow.start();
            } catch (RuntimeException e) {
                undertow.stop();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new ConfigException(new ConfigProblem(monitor.configFile(), 0, "cannot listen on "
                        + settings.address() + " port " + settings.port() + ": " + cause.getMessage()
                        + "; set httpd-address and httpd-port"));
            }
            int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
            URI url = settings.url(port);
            List<String> warnings = settings.warnings();
            for (String w : warnings) {
                LOG.log(System.Logger.Level.WARNING, w);
            }
            LOG.log(System.Logger.Level.INFO, "web server listening on " + url);
            return new MonitorServer(undertow, url, port, warnings);
        }
    }
}
