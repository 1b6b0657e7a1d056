package io.promisemonitor.promises.http;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.internal.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** {@code promise = tcp}: connects to a host and port and, optionally, waits for an expected banner. */
public final class TcpPromise implements DocumentedProvider {

    /** How much of what the server says first is read to look for the banner. */
    static final int BANNER_CAP = 4096;

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public String description() {
        return "connects to a TCP port, optionally expecting a banner";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("host", "(required)", "Host name or IP address"),
                new OptionDoc("port", "(required)", "TCP port, 1 to 65535"),
                new OptionDoc("banner", "(none)", "Text the server must send first (within its first 4 KiB), such as"
                        + " `SSH-`"),
                new OptionDoc("timeout", HttpPromise.DEFAULT_TIMEOUT, "Longest wait for the connection and the"
                        + " banner, else ERROR"));
    }

    @Override
    public Promise create(PromiseOptions options) {
        String host = options.get("host").map(String::strip).orElseThrow(() -> new OptionException(
                options.source() + ": option 'host' is required; allowed: a host name or an IP address"));
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            throw options.bad("host", host, "a host name or an IP address");
        }
        if (options.get("port").isEmpty()) {
            throw new OptionException(options.source() + ": option 'port' is required; allowed: a whole number from"
                    + " 1 to 65535");
        }
        int port = (int) options.count("port", 0, 1, 65535);
        String banner = options.get("banner").orElse(null);
        Duration timeout = HttpPromise.positive(options, "timeout", HttpPromise.DEFAULT_TIMEOUT,
                HttpPromise.MAX_TIMEOUT);
        return context -> check(context, host, port, banner, timeout);
    }

    private static PromiseResult check(PromiseContext context, String host, int port, String banner,
            Duration timeout) {
        String where = host + ":" + port;
        String timeoutText = Durations.format(timeout);
        long t0 = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return PromiseResult.error("DNS: cannot resolve '" + host + "'");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
            long connected = System.nanoTime();
            String connectedText = "connected to " + where + " in " + (connected - t0) / 1_000_000 + " ms";
            List<Perfdata> perfdata = List.of(new Perfdata("time", (connected - t0) / 1e9, "s", null, null, "0",
                    null));
            if (banner == null) {
                return PromiseResult.ok(connectedText).withPerfdata(perfdata);
            }
            long left = timeout.toMillis() - (connected - t0) / 1_000_000;
            socket.setSoTimeout((int) Math.max(1, left));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[512];
            try {
                while (got.size() < BANNER_CAP) {
                    int n = in.read(buf, 0, Math.min(buf.length, BANNER_CAP - got.size()));
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.UTF_8).contains(banner)) {
                        String first = got.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
                        return PromiseResult.ok(connectedText + "; banner: " + Values.cut(first, 100))
                                .withPerfdata(perfdata);
                    }
                }
            } catch (SocketTimeoutException e) {
                return PromiseResult.error("timeout: no banner '" + Values.cut(banner, 50) + "' from " + where
                        + " within " + timeoutText + saidSoFar(got));
            }
            return PromiseResult.error("banner '" + Values.cut(banner, 50) + "' not received from " + where
                    + saidSoFar(got));
        } catch (IOException e) {
            return PromiseResult.error(NetFailures.describe(e, where, timeoutText).replace("no answer from",
                    "no connection to"));
        }
    }

    private static String saidSoFar(ByteArrayOutputStream got) {
        return got.size() == 0 ? " (it sent nothing)" : " (it sent '" + Values.cut(got.toString(
                StandardCharsets.UTF_8), 100) + "')";
    }
}
