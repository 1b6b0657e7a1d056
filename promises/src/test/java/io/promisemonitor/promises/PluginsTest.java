package io.promisemonitor.promises;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PluginsTest {

    @Test
    void aMissingPluginFailsTheTestNamingItsPackage() {
        assertThatThrownBy(() -> Plugins.require(Path.of("/usr/lib/nagios/plugins/check_nothing_such"),
                "monitoring-plugins"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("/usr/lib/nagios/plugins/check_nothing_such is missing: install the Debian package"
                        + " monitoring-plugins (apt-get install -y monitoring-plugins; bin/test does it)");
    }
}
