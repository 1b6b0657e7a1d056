package io.promisemonitor.web;

import io.promisemonitor.core.config.AddressRange;
import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.ConfigProblem;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The web server's settings, read from monitor.conf's {@code [monitor]} keys of the web block. */
public record WebSettings(String address, int port, Path htpasswdFile, Optional<Path> tlsCertificate,
        Optional<Path> tlsKey, List<String> corsAllowedOrigins, boolean publicRequiresAuth,
        boolean metricsRequiresAuth, boolean directoryListing, List<AddressRange> trustedProxies) {

    public WebSettings {
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** @throws ConfigException when only one of tls-certificate and tls-key is given */
    public static WebSettings of(MonitorConfig monitor) {
        var s = monitor.settings();
        WebSettings w = new WebSettings(s.get(MonitorKeys.HTTPD_ADDRESS), s.get(MonitorKeys.HTTPD_PORT),
                s.get(MonitorKeys.HTPASSWD_FILE), s.get(MonitorKeys.TLS_CERTIFICATE), s.get(MonitorKeys.TLS_KEY),
                s.get(MonitorKeys.CORS_ALLOWED_ORIGINS), s.get(MonitorKeys.PUBLIC_REQUIRES_AUTH),
                s.get(MonitorKeys.METRICS_REQUIRES_AUTH), s.get(MonitorKeys.DIRECTORY_LISTING),
                s.get(MonitorKeys.TRUSTED_PROXIES));
        if (w.tlsCertificate.isPresent() != w.tlsKey.isPresent()) {
            throw new ConfigException(new ConfigProblem(monitor.configFile(), 0, (w.tlsKey.isPresent()
                    ? "tls-key is set without tls-certificate" : "tls-certificate is set without tls-key")
                    + "; allowed: both (HTTPS) or neither (HTTP)"));
        }
        return w;
    }

    public boolean tls() {
        return tlsCertificate.isPresent();
    }

    /** Whether the address only takes connections from this machine; a name that does not resolve counts as not. */
    public boolean loopback() {
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** What an operator should know before trusting this set-up. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (!tls() && !loopback()) {
            out.add("the web server listens on " + address + ", which is not a loopback address, without TLS:"
                    + " passwords and pages cross the network in clear; set tls-certificate and tls-key, or put"
                    + " an HTTPS proxy in front and listen on 127.0.0.1");
        }
        return out;
    }

    /** {@code http://127.0.0.1:8196/}, with the actual port. */
    public URI url(int actualPort) {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return URI.create((tls() ? "https" : "http") + "://" + host + ":" + actualPort + "/");
    }
}
