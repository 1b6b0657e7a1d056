package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressRangeTest {

    @TempDir
    Path instance;

    private static boolean contains(String range, String address) {
        return AddressRange.parse(range).contains(AddressRange.literal(address).orElseThrow());
    }

    @Test
    void addressesAndCidrRangesOfBothFamiliesMatchWhatTheyCover() {
        assertThat(contains("10.0.0.0/8", "10.255.1.2")).isTrue();
        assertThat(contains("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(contains("192.0.2.7", "192.0.2.7")).isTrue();
        assertThat(contains("192.0.2.7", "192.0.2.8")).isFalse();
        assertThat(contains("192.0.2.0/25", "192.0.2.127")).isTrue();
        assertThat(contains("192.0.2.0/25", "192.0.2.128")).isFalse();
        assertThat(contains("fd00::/8", "fd12:3456::1")).isTrue();
        assertThat(contains("[::1]", "::1")).isTrue();
        assertThat(contains("::/0", "10.0.0.1")).isFalse();
        assertThat(AddressRange.parse(" 10.1.2.3/16 ")).hasToString("10.1.0.0/16");
    }

    @Test
    void aHostNameOrABadRangeIsRefusedSayingWhatIsAllowed() {
        for (String bad : new String[] {"proxy.example", "10.0.0.0/33", "300.1.1.1", "10.0.0.0/", "fd00::/129",
                "10.0.0.1/8/8", ""}) {
            assertThatThrownBy(() -> AddressRange.parse(bad)).as(bad).hasMessage("'" + bad + "' is not an address or"
                    + " range; allowed: an IPv4 or IPv6 address or a CIDR range such as 192.0.2.7, 10.0.0.0/8 or"
                    + " fd00::/8 (no host names)");
        }
        assertThat(AddressRange.literal("localhost")).isEmpty();
    }

    @Test
    void trustedProxiesIsReadOneALineAndABadLineNamesTheFileAndLine() throws Exception {
        Path conf = instance.resolve("etc/monitor.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "[monitor]\ntrusted-proxies =\n  127.0.0.1\n  10.0.0.0/8\n");

        assertThat(InstanceConfig.loadMonitor(instance).settings().get(MonitorKeys.TRUSTED_PROXIES))
                .extracting(Object::toString).containsExactly("127.0.0.1/32", "10.0.0.0/8");

        Files.writeString(conf, "[monitor]\ntrusted-proxies =\n  127.0.0.1\n  proxy.example\n");
        assertThatThrownBy(() -> InstanceConfig.loadMonitor(instance)).hasMessage(conf.toAbsolutePath() + " line 2:"
                + " trusted-proxies 'proxy.example' is not an address or range; allowed: an IPv4 or IPv6 address or a"
                + " CIDR range such as 192.0.2.7, 10.0.0.0/8 or fd00::/8 (no host names)");
    }
}
