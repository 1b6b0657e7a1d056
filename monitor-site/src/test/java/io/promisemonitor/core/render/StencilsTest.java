package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.feed.Feeds;
import io.promisemonitor.core.promise.PromiseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StencilsTest {

    @TempDir
    Path dir;

    private final Templates builtIn = Templates.of(Optional.empty());

    @Test
    void everyPageFeedAndRowFilledFromAStencilIsWhatTheTemplateWrites() {
        Sites site = Sites.varied(dir, 40);
        Instant now = Sites.START.plus(Duration.ofMinutes(7));
        PageModels models = new PageModels(site.state(now));
        Stencils stencils = new Stencils(builtIn);
        int lines = 0;
        // twice: the second time every shape is known and only filled
        for (int round = 0; round < 2; round++) {
            for (PageModels.Line line : models.lines()) {
                ServiceConfig s = line.config();
                Map<String, Object> page = models.servicePage(s);
                assertThat(utf8(stencils, Templates.SERVICE, page)).as(s.name())
                        .isEqualTo(builtIn.render(Templates.SERVICE, page));
                Map<String, Object> feed = FeedModel.of("Feed of " + s.title(), "service/x.html",
                        round == 0 ? null : "https://box.example/service/x.rss", "changes",
                        Feeds.newestFirst(site.history.history(s.name()).map(h -> h.events()).orElse(List.of()), 100),
                        "../").toMap();
                assertThat(utf8(stencils, Templates.FEED, feed)).as(s.name())
                        .isEqualTo(builtIn.render(Templates.FEED, feed));
                // a row is a stencil with holes for its times, filled at each render with the times of then
                Stencil.Utf8 row = stencils.bind(Templates.ROW, models.indexRow(s));
                if (page.toString().contains("\uE000")) {
                    assertThat(row).as("a row whose text holds a marker character cannot be cut into a stencil")
                            .isNull();
                } else {
                    assertThat(row.fill((Object[]) line.live())).as(s.name())
                            .isEqualTo(builtIn.render(Templates.ROW, models.row(s, "", PageModels.INDEX_STRIP)));
                }
                lines++;
            }
        }
        assertThat(lines).isEqualTo(80);
        for (String template : List.of(Templates.SERVICE, Templates.FEED, Templates.ROW)) {
            assertThat(stencils.trusted(template)).as(template).isTrue();
            assertThat(stencils.shapes(template)).as("shapes of " + template).isBetween(2, 20);
        }
    }

    @Test
    void aTemplateWithOtherHelpersThanIfUnlessEachAndWithOrWithPartialsIsRenderedThePlainWay() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("service.html.hbs"), "{{lookup service \"id\"}} is {{#with service}}"
                + "{{status}}{{/with}}");
        Files.writeString(look.resolve("feed.rss.hbs"), "{{title}}{{> row.html}}");
        Files.writeString(look.resolve("row.html.hbs"), "{{lookup this \"id\"}}");
        Templates own = Templates.of(Optional.of(look));
        Sites site = new Sites(dir.resolve("site"));
        ServiceConfig up = site.service("up", "Up");
        ServiceConfig down = site.service("down", "Down");
        site.result(up, Sites.START, PromiseResult.ok("fine"));
        site.result(down, Sites.START, PromiseResult.error("broken"));
        PageModels models = new PageModels(site.state(Sites.START));
        Stencils stencils = new Stencils(own);

        assertThat(own.stencilable(Templates.SERVICE)).isFalse();
        assertThat(own.stencilable(Templates.FEED)).as("a partial").isFalse();
        assertThat(own.stencilable(Templates.ROW)).isFalse();
        assertThat(own.stencilable(Templates.INDEX)).as("built in").isTrue();
        assertThat(utf8(stencils, Templates.SERVICE, models.servicePage(up))).isEqualTo("up is OK");
        assertThat(utf8(stencils, Templates.SERVICE, models.servicePage(down))).isEqualTo("down is ERROR");
    }

    @Test
    void aStencilTellsEscapedHolesFromRawOnesAndLeavesSlotsOpen() {
        Stencil stencil = Stencil.parse("<p title=\"" + Stencil.marker(0).replace("<", "&lt;") + "\">"
                + Stencil.marker(1) + "</p>" + new Stencil.Slot(0).toString().replace("<", "&lt;"));

        assertThat(stencil.fill("a & b", "<b>bold</b>", "x")).isEqualTo("<p title=\"a &amp; b\"><b>bold</b></p>a &amp; b");
        Stencil.Utf8 bound = stencil.utf8().bind(new Object[] {new Stencil.Slot(0), "<i>", null});
        assertThat(bound.fill(new Object[] {"3 min <ago>"}))
                .isEqualTo("<p title=\"3 min &lt;ago&gt;\"><i></p>3 min &lt;ago&gt;");
        assertThat(Stencil.parse("a \uE000 b")).as("a marker character that is not a marker").isNull();
    }

    @Test
    void aModelRecordIsReadAsItsMapWouldBe() {
        Sites site = Sites.varied(dir, 40);
        PageModels models = new PageModels(site.state(Sites.START.plus(Duration.ofMinutes(7))));
        Stencils stencils = new Stencils(builtIn);
        for (PageModels.Line line : models.lines()) {
            ServiceConfig s = line.config();
            PageModel.Service page = models.servicePageModel(s);
            String fromRecord = utf8(stencils, Templates.SERVICE, page);
            int shapes = stencils.shapes(Templates.SERVICE);
            assertThat(utf8(stencils, Templates.SERVICE, page.toMap())).as(s.name()).isEqualTo(fromRecord)
                    .isEqualTo(builtIn.render(Templates.SERVICE, page.toMap()));
            assertThat(stencils.shapes(Templates.SERVICE)).as("the map is the record's shape").isEqualTo(shapes);
            RowModel row = models.indexRowModel(s);
            assertThat(new String(RowJson.open(row), StandardCharsets.UTF_8)).as(s.name())
                    .isEqualTo(new String(RowJson.open(row.toMap()), StandardCharsets.UTF_8));
        }
        RowModel row = models.indexRowModel(site.services.get(1));
        assertThat(new String(RowJson.open(row), StandardCharsets.UTF_8)).startsWith("{\"id\":\"service-001\","
                + "\"title\":\"Service 1\",").contains("\"message\":\"full & \\u003cgone> \\\"quoted\\\" 'single'\"")
                .contains("\"strip\":[{\"cls\":\"ok\",\"tip\":\"2026-11-21 10:00:00 Z OK: fine\",\"n\":1},").doesNotContain("pageHref");
    }

    private static String utf8(Stencils stencils, String template, Object model) {
        Utf8Text text = new Utf8Text();
        stencils.render(template, model, text);
        return new String(text.toByteArray(), StandardCharsets.UTF_8);
    }
}
