package io.promisemonitor.promises.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.TestContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpPromiseTest {

    private static final String SOURCE = "port.cfg [promise]";

    @TempDir
    Path dir;

    private final PromiseRegistry registry = PromiseRegistry.fromClassPath();
    private final CountDownLatch done = new CountDownLatch(1);
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        done.countDown();
        if (server != null) {
            server.close();
        }
    }

    /** A server on a free loopback port that sends {@code banner} (if any) to each client, then keeps it open. */
    private int serve(String banner, boolean closeAfter) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    OutputStream out = client.getOutputStream();
                    if (banner != null) {
                        out.write(banner.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    if (!closeAfter) {
                        done.await(30, TimeUnit.SECONDS);
                    }
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "tcp-test-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private PromiseResult check(Options options) throws Exception {
        return registry.create("tcp", options.build()).check(TestContexts.in(dir));
    }

    private static Options to(int port) {
        return Options.of(SOURCE).add("host", "127.0.0.1").add("port", Integer.toString(port));
    }

    @Test
    void anOpenPortIsOk() throws Exception {
        int port = serve(null, true);

        PromiseResult result = check(to(port));

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.message()).matches("connected to 127.0.0.1:" + port + " in \\d+ ms");
        assertThat(result.perfdata().get(0).label()).isEqualTo("time");
    }

    @Test
    void theExpectedBannerIsOkAndQuoted() throws Exception {
        int port = serve("SSH-2.0-OpenSSH_9.2\r\n", false);

        PromiseResult result = check(to(port).add("banner", "SSH-"));

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.message()).matches("connected to 127.0.0.1:" + port + " in \\d+ ms; banner:"
                + " SSH-2.0-OpenSSH_9.2");
    }

    @Test
    void anotherBannerIsAnErrorQuotingIt() throws Exception {
        int port = serve("220 mail ready\r\n", true);

        PromiseResult result = check(to(port).add("banner", "SSH-"));

        assertThat(result).isEqualTo(PromiseResult.error("banner 'SSH-' not received from 127.0.0.1:" + port
                + " (it sent '220 mail ready')"));
    }

    @Test
    void aSilentServerIsATimeout() throws Exception {
        int port = serve(null, false);

        PromiseResult result = check(to(port).add("banner", "SSH-").add("timeout", "300ms"));

        assertThat(result).isEqualTo(PromiseResult.error("timeout: no banner 'SSH-' from 127.0.0.1:" + port
                + " within 300ms (it sent nothing)"));
    }

    @Test
    void aClosedPortSaysConnect() throws Exception {
        int port = TestServers.closedPort();

        PromiseResult result = check(to(port));

        assertThat(result).isEqualTo(PromiseResult.error("connect: connection refused by 127.0.0.1:" + port));
    }

    @Test
    void anUnknownHostSaysDns() throws Exception {
        PromiseResult result = check(Options.of(SOURCE).add("host", "nohost.invalid").add("port", "22"));

        assertThat(result).isEqualTo(PromiseResult.error("DNS: cannot resolve 'nohost.invalid'"));
    }

    @Test
    void everyBadOptionIsNamedWithWhatIsAllowed() {
        assertThat(problem(Options.of(SOURCE).add("port", "22")))
                .isEqualTo(SOURCE + ": option 'host' is required; allowed: a host name or an IP address");
        assertThat(problem(Options.of(SOURCE).add("host", "a b").add("port", "22")))
                .isEqualTo(SOURCE + ": option 'host' is 'a b', allowed: a host name or an IP address");
        assertThat(problem(Options.of(SOURCE).add("host", "x")))
                .isEqualTo(SOURCE + ": option 'port' is required; allowed: a whole number from 1 to 65535");
        assertThat(problem(Options.of(SOURCE).add("host", "x").add("port", "70000")))
                .isEqualTo(SOURCE + ": option 'port' is '70000', allowed: a whole number from 1 to 65535");
        assertThat(problem(Options.of(SOURCE).add("host", "x").add("port", "22").add("timeout", "1y")))
                .isEqualTo(SOURCE + ": option 'timeout': '1y' is not a duration; allowed: a whole number with a unit"
                        + " ms, s, m, h or d, such as 20s, 5m, 1h");
    }

    private String problem(Options options) {
        try {
            registry.create("tcp", options.build());
            return "no problem";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
