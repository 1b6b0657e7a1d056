package io.promisemonitor.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.AddressRange;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress behindProxies = new ClientAddress(List.of(AddressRange.parse("127.0.0.1"),
            AddressRange.parse("10.1.0.0/16")));

    private static InetAddress ip(String literal) {
        return AddressRange.literal(literal).orElseThrow();
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnoredAndThePeerCounts() {
        ClientAddress direct = new ClientAddress(List.of());

        assertThat(direct.of(ip("192.0.2.7"), List.of("203.0.113.9"))).isEqualTo("192.0.2.7");
    }

    @Test
    void aPeerThatIsNotATrustedProxyCannotChooseItsAddress() {
        assertThat(behindProxies.of(ip("192.0.2.7"), List.of("203.0.113.9"))).isEqualTo("192.0.2.7");
    }

    @Test
    void behindTrustedProxiesTheRightMostAddressThatIsNotOneOfThemCounts() {
        // the client wrote 198.51.100.1 itself: only what our proxies appended is believed
        assertThat(behindProxies.of(ip("127.0.0.1"), List.of("198.51.100.1, 203.0.113.9", "10.1.2.3")))
                .isEqualTo("203.0.113.9");
        assertThat(behindProxies.of(ip("127.0.0.1"), List.of("203.0.113.9:51234"))).isEqualTo("203.0.113.9");
        assertThat(behindProxies.of(ip("127.0.0.1"), List.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void garbageInTheHeaderCountsAsTheLastTrustedProxy() {
        assertThat(behindProxies.of(ip("127.0.0.1"), List.of("unknown, 10.1.2.3"))).isEqualTo("10.1.2.3");
        assertThat(behindProxies.of(ip("127.0.0.1"), List.of("evil.example"))).isEqualTo("127.0.0.1");
    }

    @Test
    void anIpv6ClientCountsAsItsSlash64() {
        assertThat(behindProxies.of(ip("2001:db8:1:2:aaaa::1"), List.of())).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(behindProxies.of(ip("127.0.0.1"), List.of("[2001:db8:1:2::77]:443")))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }
}
