package io.promisemonitor.promises;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.PromiseProvider;
import io.promisemonitor.core.config.PromiseRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/promises.md documents every built-in and every option as the code does; a drift is a failure. */
class ReadmeBuiltInsTest {

    @Test
    void everyBuiltInHasASectionWithARowPerOptionAsTheCodeDocumentsIt() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "promises.md"));
        String builtIns = readme.substring(readme.indexOf("\n## Built-in promises\n"));
        int next = builtIns.indexOf("\n## ", 5);
        builtIns = next < 0 ? builtIns : builtIns.substring(0, next);
        List<String> missing = new ArrayList<>();
        for (PromiseProvider provider : PromiseRegistry.fromClassPath().providers().values()) {
            if (!provider.getClass().getName().startsWith("io.promisemonitor.promises.")) {
                continue; // the core's test built-ins
            }
            assertThat(provider).as(provider.name()).isInstanceOf(DocumentedProvider.class);
            int start = builtIns.indexOf("\n### `" + provider.name() + "`\n");
            if (start < 0) {
                missing.add("### `" + provider.name() + "`");
                continue;
            }
            int end = builtIns.indexOf("\n### ", start + 1);
            String section = builtIns.substring(start, end < 0 ? builtIns.length() : end);
            for (OptionDoc d : ((DocumentedProvider) provider).optionDocs()) {
                String row = "| `" + d.name() + "` | " + d.defaultValue() + " | " + d.meaning() + " |";
                if (!section.contains("\n" + row + "\n")) {
                    missing.add(row);
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
