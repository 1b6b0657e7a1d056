package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

    private static final Optional<URI> NO_BASE = Optional.empty();

    @Test
    void aPostWithNeitherOriginNorRefererIsLeftToItsCredentials() {
        assertThat(OriginCheck.refusal(null, null, NO_BASE, "http", "127.0.0.1:8196")).isEmpty();
    }

    @Test
    void theRequestsOwnHostIsTheOriginWithoutABaseUrl() {
        assertThat(OriginCheck.refusal("http://127.0.0.1:8196", null, NO_BASE, "http", "127.0.0.1:8196")).isEmpty();
        assertThat(OriginCheck.refusal(null, "http://127.0.0.1:8196/index.html", NO_BASE, "http", "127.0.0.1:8196"))
                .isEmpty();
        assertThat(OriginCheck.refusal("https://Mon.Example.net", null, NO_BASE, "https", "mon.example.net:443"))
                .isEmpty();
    }

    @Test
    void anotherSitesOriginIsRefusedNamingThisMonitorsOwn() {
        assertThat(OriginCheck.refusal("https://evil.example", null, NO_BASE, "http", "127.0.0.1:8196"))
                .contains("cross-site request refused: Origin is not this monitor's origin (http://127.0.0.1:8196)");
        assertThat(OriginCheck.refusal(null, "https://evil.example/page", NO_BASE, "http", "127.0.0.1:8196"))
                .contains("cross-site request refused: Referer is not this monitor's origin (http://127.0.0.1:8196)");
        assertThat(OriginCheck.refusal("null", null, NO_BASE, "http", "127.0.0.1:8196")).isPresent();
        assertThat(OriginCheck.refusal("http://127.0.0.1:8197", null, NO_BASE, "http", "127.0.0.1:8196")).isPresent();
        assertThat(OriginCheck.refusal("https://127.0.0.1:8196", null, NO_BASE, "http", "127.0.0.1:8196"))
                .isPresent();
    }

    @Test
    void theBaseUrlDecidesWhenItIsSetEvenBehindAProxyThatRewritesHost() {
        Optional<URI> base = Optional.of(URI.create("https://mon.example.net/monitor/"));

        assertThat(OriginCheck.refusal("https://mon.example.net", null, base, "http", "127.0.0.1:8196")).isEmpty();
        assertThat(OriginCheck.refusal("http://127.0.0.1:8196", null, base, "http", "127.0.0.1:8196"))
                .contains("cross-site request refused: Origin is not this monitor's origin (https://mon.example.net)");
    }
}
