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
        for (KeyRegistry registry : List.of(MonitorKeys.REGISTRY, MonitorKeys.PROMISES_REGISTRY,
                ServiceKeys.REGISTRY)) {
            String file = registry == ServiceKeys.REGISTRY ? "`<service>.cfg`" : "monitor.conf";
            for (ConfigKey<?> key : registry.keys()) {
                String row = "| " + file + " | " + registry.section() + " | `" + key.name() + "` |";
                if (!readme.contains(row)) {
                    missing.add(row);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everySlapOsKeyNotUsedIsNamedInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<String> missing = new ArrayList<>();
        for (KeyRegistry registry : List.of(MonitorKeys.REGISTRY, MonitorKeys.PROMISES_REGISTRY)) {
            for (String key : registry.ignoredKeys()) {
                if (!readme.contains("| monitor.conf | " + registry.section() + " | `") || !readme.contains("`" + key
                        + "`")) {
                    missing.add(registry.section() + " " + key);
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
