package io.promisemonitor.promises.http;

import io.promisemonitor.promises.internal.Values;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Says which step of reaching a server failed, DNS, connect, TLS or timeout, from the exception a client threw,
 * in one line without a stack trace: {@code connect: connection refused by 127.0.0.1:8080}. Shared with the
 * pagekite watchdog, for which any of these means "the network, not PageKite".
 */
public final class NetFailures {

    static final int MAX_DETAIL = 300;

    private NetFailures() {
    }

    /**
     * @param where {@code host:port}
     * @param timeout as written, for the timeout messages
     */
    public static String describe(Throwable failure, String where, String timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "timeout: no connection to " + where + " within " + timeout;
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "timeout: no answer from " + where + " within " + timeout;
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "DNS: cannot resolve the host of " + where;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "TLS: the certificate of " + where + " has expired (" + detail(t) + ")";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "TLS: the certificate of " + where + " is not valid yet (" + detail(t) + ")";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLException) {
                return "TLS: " + tls(root(t), where);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoRouteToHostException) {
                return "connect: no route to " + where;
            }
            if (t instanceof ConnectException) {
                String m = t.getMessage();
                if (m == null || m.isBlank() || m.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
                    return "connect: connection refused by " + where;
                }
                return "connect: " + Values.cut(m, MAX_DETAIL) + " (" + where + ")";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EOFException || String.valueOf(t.getMessage()).contains("received no bytes")) {
                return "HTTP: " + where + " closed the connection without an answer";
            }
        }
        return "HTTP: " + detail(root(failure)) + " (" + where + ")";
    }

    private static String tls(Throwable root, String where) {
        String m = detail(root);
        if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
            return "the certificate of " + where + " is not trusted (no path to a trusted CA; for a private CA or"
                    + " a self-signed certificate, give it with ca-file)";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "the certificate of " + where + " is not for this host (" + m + ")";
        }
        return m + " (" + where + ")";
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static String detail(Throwable t) {
        String m = t.getMessage();
        return Values.cut(m == null || m.isBlank() ? t.getClass().getSimpleName() : m, MAX_DETAIL);
    }
}
