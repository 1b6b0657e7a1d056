package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {

    @TempDir
    Path dir;

    @Test
    void anInstanceCopyReplacesTheBuiltInTemplateAndTheOthersStayBuiltIn() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("index.html.hbs"), "<h1>{{title}}</h1>");
        Files.writeString(look.resolve("monitor.css"), "body { color: teal; }");
        Templates templates = Templates.of(Optional.of(look));

        assertThat(templates.render(Templates.INDEX, Map.of("title", "Box & <Co>"))).isEqualTo(
                "<h1>Box &amp; &lt;Co&gt;</h1>");
        assertThat(new String(templates.bytes("monitor.css"), StandardCharsets.UTF_8)).isEqualTo("body { color: teal; }");
        assertThat(new String(templates.bytes("monitor.js"), StandardCharsets.UTF_8)).contains("Promise Monitor");
        assertThat(templates.render(Templates.FEED, Map.of("title", "T", "items", java.util.List.of())))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" ");
    }

    @Test
    void aLinkLeadingOutOfTheTemplatesFolderIsRefused() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Path outside = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0");
        Files.createSymbolicLink(look.resolve("index.html.hbs"), outside);

        assertThatThrownBy(() -> Templates.of(Optional.of(look)).render(Templates.INDEX, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("template " + look.resolve("index.html.hbs") + " leads to " + outside.toRealPath()
                        + ", outside templates-folder " + look + "; allowed: files inside it");
    }

    @Test
    void aTemplateThatDoesNotCompileIsNamedInTheMessage() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("service.html.hbs"), "{{#each rows}}never closed");

        assertThatThrownBy(() -> Templates.of(Optional.of(look)).render(Templates.SERVICE, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("template " + look.resolve("service.html.hbs") + " does not compile: ");
    }

    @Test
    void preparingCompilesThePageAndFeedTemplatesWhichAreThenReadNoMore() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("feed.rss.hbs"), "<feed>{{title}}</feed>");
        Templates templates = Templates.of(Optional.of(look));

        templates.prepare();

        assertThat(templates.compiledCount()).isEqualTo(4);
        assertThat(templates.stencilableIfKnown(Templates.INDEX)).isTrue();
        String digest = templates.digest(Templates.FEED);
        // edited after its first read: what is rendered and its digest stay those of the text first read
        Files.writeString(look.resolve("feed.rss.hbs"), "<edited/>");
        assertThat(templates.render(Templates.FEED, Map.of("title", "T"))).isEqualTo("<feed>T</feed>");
        assertThat(templates.digest(Templates.FEED)).isEqualTo(digest);
        assertThat(Templates.of(Optional.of(look)).digest(Templates.FEED)).isNotEqualTo(digest);
    }

    @Test
    void preparingATemplateThatDoesNotCompileThrowsAsItsFirstRenderWould() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("row.html.hbs"), "{{#if id}}never closed");

        assertThatThrownBy(() -> Templates.of(Optional.of(look)).prepare())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("template " + look.resolve("row.html.hbs") + " does not compile: ");
    }

    @Test
    void onlyTheKnownTemplatesCanBeAskedFor() {
        assertThatThrownBy(() -> Templates.of(Optional.empty()).bytes("../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("template '../../etc/passwd': unknown; allowed: index.html.hbs, row.html.hbs,"
                        + " service.html.hbs, feed.rss.hbs, monitor.css, monitor.js, fleet.html, fleet.js, fleet.css");
    }
}
