package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteRendererTest {

    @TempDir
    Path dir;

    private final Instant now = Sites.START.plus(Duration.ofMinutes(7));

    @Test
    void aBatchOfManyServicesWritesTheSamePagesAndFeedsAsRenderingThemOneByOne() throws Exception {
        Sites site = Sites.varied(dir, 2 * SiteRenderer.BATCH);
        SiteRenderer batch = new SiteRenderer(site.monitor, Templates.of(Optional.empty()));
        SiteRenderer.Report report = batch.render(site.state(now), null);
        Map<String, String> all = files(site);
        assertThat(all).hasSize(4 * SiteRenderer.BATCH);
        assertThat(report).isEqualTo(new SiteRenderer.Report(2 + 4 * SiteRenderer.BATCH, 2 + 4 * SiteRenderer.BATCH));

        Path folder = site.monitor.webFolder().resolve(SiteRenderer.SERVICE_FOLDER);
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        SiteRenderer single = new SiteRenderer(site.monitor, Templates.of(Optional.empty()));
        for (ServiceConfig s : site.services) {
            single.render(site.state(now), Set.of(s.name()));
        }
        assertThat(files(site)).isEqualTo(all);
    }

    @Test
    void theIndexWrittenFromCachedRowsIsWhatTheIndexTemplateWritesWithEveryRow() throws Exception {
        Sites site = Sites.varied(dir, 2 * SiteRenderer.BATCH);
        Templates templates = Templates.of(Optional.empty());
        SiteState state = site.state(now);
        new SiteRenderer(site.monitor, templates).render(state, null);

        PageModels models = new PageModels(state);
        List<PageModels.Line> lines = models.lines();
        Map<String, Object> index = models.index(lines);
        List<String> rows = new ArrayList<>();
        for (PageModels.Line line : lines) {
            rows.add(templates.render(Templates.ROW, models.row(line.config(), "", PageModels.INDEX_STRIP)));
        }
        index.put("rowsHtml", rows);
        assertThat(Files.readString(site.monitor.webFolder().resolve(SiteRenderer.INDEX)))
                .isEqualTo(templates.render(Templates.INDEX, index));
    }

    @Test
    void aPageThatCannotBeWrittenInARenderOfEverythingLeavesEveryRowInTheIndex() throws Exception {
        Sites site = Sites.varied(dir, 2 * SiteRenderer.BATCH);
        // a name no page can have (the configuration refuses it; here it stands for any page that fails)
        site.service("bad/name", "Bad");
        SiteRenderer renderer = new SiteRenderer(site.monitor, Templates.of(Optional.empty()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> renderer.render(site.state(now), null))
                .hasMessageContaining("bad/name");

        String rows = Files.readString(site.monitor.webFolder().resolve(SiteRenderer.ROWS));
        for (ServiceConfig s : site.services) {
            assertThat(rows).contains("\"id\":\"" + s.name() + "\"");
        }
        assertThat(Files.readString(site.monitor.webFolder().resolve(SiteRenderer.INDEX))).contains("service-005");
    }

    @Test
    void whenRowsJsonCannotBeWrittenTheIndexIsNotReplacedEither() throws Exception {
        Sites site = Sites.varied(dir, 2 * SiteRenderer.BATCH);
        new SiteRenderer(site.monitor, Templates.of(Optional.empty())).render(site.state(now), null);
        Path index = site.monitor.webFolder().resolve(SiteRenderer.INDEX);
        String before = Files.readString(index);
        // a folder that is not empty where rows.json is: no file can be renamed over it
        Path rows = site.monitor.webFolder().resolve(SiteRenderer.ROWS);
        Files.delete(rows);
        Files.createDirectories(rows.resolve("in-the-way"));

        // a render of everything, later: rows.json is written beside the index, which must wait for it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SiteRenderer(site.monitor,
                Templates.of(Optional.empty())).render(site.state(now.plus(Duration.ofMinutes(3))), null))
                .hasMessageContaining(SiteRenderer.ROWS);

        assertThat(Files.readString(index)).isEqualTo(before);
    }

    @Test
    void theRecordOfKnownPagesIsSavedAfterARenderOfEverythingAndThenAtMostEveryTenMinutes() throws Exception {
        Sites site = Sites.varied(dir, 4);
        SiteRenderer renderer = new SiteRenderer(site.monitor, Templates.of(Optional.empty()));
        Path record = site.monitor.stateFolder("render").resolve(SiteRenderer.KNOWN_FILES);
        renderer.render(site.state(now), null);
        assertThat(record).exists();
        Object saved = Files.readAttributes(record, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        ServiceConfig first = site.services.get(0);

        Instant later = now.plus(Duration.ofMinutes(1));
        site.result(first, later, PromiseResult.error("broke"));
        renderer.render(site.state(later), Set.of(first.name()));
        assertThat(Files.readAttributes(record, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("not rewritten a minute later").isEqualTo(saved);

        Instant muchLater = now.plus(SiteRenderer.SAVE_KNOWN_EVERY);
        site.result(first, muchLater, PromiseResult.ok("mended"));
        renderer.render(site.state(muchLater), Set.of(first.name()));
        Object resaved = Files.readAttributes(record, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertThat(resaved).as("rewritten ten minutes later").isNotEqualTo(saved);

        site.result(first, muchLater.plusSeconds(5), PromiseResult.error("broke again"));
        renderer.render(site.state(muchLater.plusSeconds(5)), Set.of(first.name()));
        renderer.saveKnownFiles();
        assertThat(Files.readAttributes(record, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("saved when asked, at a stop").isNotEqualTo(resaved);
    }

    @Test
    void aRenderOfEverythingOverARenderedFolderWritesOnlyTheIndexAndRendersNoFeedAgain() {
        Sites site = Sites.varied(dir, 2 * SiteRenderer.BATCH);
        new SiteRenderer(site.monitor, Templates.of(Optional.empty())).render(site.state(now), null);

        SiteRenderer.Report again = new SiteRenderer(site.monitor, Templates.of(Optional.empty()))
                .render(site.state(now), null);

        // the index, the global feed and every page rendered; the feeds' files are recorded as made from the same
        // inputs, so none is rendered
        assertThat(again).isEqualTo(new SiteRenderer.Report(2 + 2 * SiteRenderer.BATCH, 1));
    }

    @Test
    void afterARestartAFeedIsRenderedAgainOnlyWhenWhatItIsMadeFromChanged() throws Exception {
        Sites site = diskSite();
        ServiceConfig disk = site.services.get(0);
        // the first start: everything rendered and written
        assertThat(restarted(site, Optional.empty())).isEqualTo(new SiteRenderer.Report(4, 4));
        Path feed = new SiteRenderer(site.monitor, Templates.of(Optional.empty())).serviceFeed("disk");
        Object inode = Files.readAttributes(feed, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        // the index, the global feed and the page rendered; the feed not, and its file not touched
        assertThat(restarted(site, Optional.empty())).isEqualTo(new SiteRenderer.Report(3, 1));
        assertThat(Files.readAttributes(feed, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);

        site.result(disk, Sites.START.plus(Duration.ofMinutes(1)), PromiseResult.error("disk full"));
        assertThat(restarted(site, Optional.empty())).as("an event while the executor was away")
                .isEqualTo(new SiteRenderer.Report(4, 4));
        assertThat(Files.readString(feed)).contains("disk full");

        Path look = Files.createDirectories(dir.resolve("look"));
        Files.write(look.resolve(Templates.FEED), (new String(Templates.of(Optional.empty()).bytes(Templates.FEED),
                java.nio.charset.StandardCharsets.UTF_8) + "<!-- look -->\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(restarted(site, Optional.of(look))).as("another feed template: the global feed and this one")
                .isEqualTo(new SiteRenderer.Report(4, 3));
        assertThat(Files.readString(feed)).endsWith("<!-- look -->\n");
        assertThat(restarted(site, Optional.of(look))).as("the same template again").isEqualTo(
                new SiteRenderer.Report(3, 1));

        site.services.set(0, TestConfigs.service(site.monitor, "disk").title("Big disk").build());
        assertThat(restarted(site, Optional.of(look))).as("retitled while the executor was away")
                .isEqualTo(new SiteRenderer.Report(4, 3));
        assertThat(Files.readString(feed)).contains("<title>Big disk (Box): status changes</title>");

        // another writer put other bytes there: rendered again and rewritten
        Path other = dir.resolve("other.rss");
        Files.writeString(other, "not a feed");
        Files.move(other, feed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(restarted(site, Optional.of(look))).as("its file replaced").isEqualTo(
                new SiteRenderer.Report(4, 2));
        assertThat(Files.readString(feed)).contains("<title>Big disk (Box): status changes</title>");
    }

    @Test
    void aTemplateThatDoesNotCompileIsReportedByTheRenderAfterItWasPreparedInTheBackground() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve(Templates.SERVICE), "{{#each rows}}never closed");
        Sites site = new Sites(dir.resolve("site"));
        site.result(site.service("disk", "Disk"), Sites.START, PromiseResult.ok("fine"));
        SiteRenderer renderer = new SiteRenderer(site.monitor, Templates.of(Optional.of(look)));

        renderer.prepareInBackground();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> renderer.render(site.state(now), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("template " + look.resolve(Templates.SERVICE) + " does not compile: ");
    }

    /** One service, "disk", with one OK result. */
    private Sites diskSite() {
        Sites site = new Sites(dir);
        site.result(site.service("disk", "Disk"), Sites.START, PromiseResult.ok("fine"));
        return site;
    }

    /** A render of everything by a new renderer, which then saves its record, as the first render after a start. */
    private SiteRenderer.Report restarted(Sites site, Optional<Path> templates) {
        SiteRenderer renderer = new SiteRenderer(site.monitor, Templates.of(templates));
        SiteRenderer.Report report = renderer.render(site.state(now), null);
        renderer.saveKnownFiles();
        return report;
    }

    @Test
    void anIndexTemplateThatDoesMoreWithItsRowsThanListThemIsRenderedThePlainWay() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("index.html.hbs"), "{{#each rowsHtml}}<!-- {{@index}} -->{{{this}}}{{/each}}"
                + "|{{rowsHtml.length}}|");
        Files.writeString(look.resolve("row.html.hbs"), "[{{id}} {{startAgo}}]");
        Sites site = new Sites(dir.resolve("site"));
        for (String name : new String[] {"a", "b", "c"}) {
            site.result(site.service(name, name.toUpperCase()), Sites.START, PromiseResult.ok("fine"));
        }
        SiteRenderer renderer = new SiteRenderer(site.monitor, Templates.of(Optional.of(look)));

        renderer.render(site.state(now), null);

        assertThat(Files.readString(site.monitor.webFolder().resolve("index.html")))
                .isEqualTo("<!-- 0 -->[a 7 min ago]<!-- 1 -->[b 7 min ago]<!-- 2 -->[c 7 min ago]||");
    }

    @Test
    void aRowTemplateWithAHelperIsRenderedWholeAndStillShowsTheTimesOfEachRender() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("index.html.hbs"), "{{#each rowsHtml}}{{{this}}}{{/each}}");
        Files.writeString(look.resolve("row.html.hbs"), "[{{lookup this \"id\"}} {{startAgo}} {{uptime24}}]");
        Sites site = new Sites(dir.resolve("site"));
        site.result(site.service("disk", "Disk"), Sites.START, PromiseResult.ok("fine"));
        SiteRenderer renderer = new SiteRenderer(site.monitor, Templates.of(Optional.of(look)));
        Path index = site.monitor.webFolder().resolve("index.html");

        renderer.render(site.state(Sites.START.plus(Duration.ofMinutes(1))), Set.of());
        assertThat(Files.readString(index)).isEqualTo("[disk 1 min ago 100 %]");
        renderer.render(site.state(Sites.START.plus(Duration.ofMinutes(2))), Set.of());
        assertThat(Files.readString(index)).isEqualTo("[disk 2 min ago 100 %]");
    }

    @Test
    void aServicesFeedIsRenderedAgainOnlyWhenItsEventsItsTitleOrItsFileChanged() throws Exception {
        Sites site = diskSite();
        ServiceConfig disk = site.services.get(0);
        SiteRenderer renderer = new SiteRenderer(site.monitor, Templates.of(Optional.empty()));
        Path feed = renderer.serviceFeed("disk");
        // the index, the global feed, the page and the feed: rendered and written
        assertThat(renderer.render(site.state(now), Set.of("disk"))).isEqualTo(new SiteRenderer.Report(4, 4));
        String first = Files.readString(feed);

        site.result(disk, Sites.START.plus(Duration.ofMinutes(1)), PromiseResult.ok("fine"));
        assertThat(renderer.render(site.state(now), Set.of("disk"))).as("a run without an event: the page only")
                .isEqualTo(new SiteRenderer.Report(3, 2));
        assertThat(Files.readString(feed)).isEqualTo(first);
        assertThat(new SiteRenderer(site.monitor, Templates.of(Optional.empty())).render(site.state(now),
                Set.of("disk"))).as("a new renderer finds the feed made from the same inputs: not rendered")
                .isEqualTo(new SiteRenderer.Report(3, 1));

        site.result(disk, Sites.START.plus(Duration.ofMinutes(2)), PromiseResult.error("disk full"));
        assertThat(renderer.render(site.state(now), Set.of("disk"))).as("an event: page, feed and global feed")
                .isEqualTo(new SiteRenderer.Report(4, 4));
        String second = Files.readString(feed);
        assertThat(second).contains("disk full").isNotEqualTo(first);

        Files.delete(feed);
        assertThat(renderer.render(site.state(now), Set.of("disk"))).as("its file deleted: the index and it written")
                .isEqualTo(new SiteRenderer.Report(4, 2));
        assertThat(Files.readString(feed)).isEqualTo(second);

        site.services.set(0, TestConfigs.service(site.monitor, "disk").title("Big disk").build());
        assertThat(renderer.render(site.state(now), Set.of("disk"))).as("retitled: its feed too")
                .isEqualTo(new SiteRenderer.Report(4, 3));
        assertThat(Files.readString(feed)).contains("<title>Big disk (Box): status changes</title>");
    }

    private static Map<String, String> files(Sites site) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (var files = Files.list(site.monitor.webFolder().resolve(SiteRenderer.SERVICE_FOLDER))) {
            for (Path f : files.sorted().toList()) {
                out.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return out;
    }
}
