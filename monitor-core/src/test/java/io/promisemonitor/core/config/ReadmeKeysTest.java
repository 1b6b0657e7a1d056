package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md has one table of every key; a key registered without a row there is a failure. */
class ReadmeKeysTest {

    @Test
    void everyRegisteredKeyHasARowInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<String> missing = new ArrayList<>();
        for (KeyRegistry registry : List.of(MonitorKeys.REGISTRY, ServiceKeys.REGISTRY)) {
            String file = registry == MonitorKeys.REGISTRY ? "monitor.conf" : "`<service>.cfg`";
            for (ConfigKey<?> key : registry.keys()) {
                String row = "| " + file + " | " + registry.section() + " | `" + key.name() + "` |";
                if (!readme.contains(row)) {
                    missing.add(row);
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
