package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.promise.PromiseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticRowsTest {

    @TempDir
    Path dir;

    @Test
    void aRowMadeWithoutItsHtmlGetsItWhenItMovesUpIntoTheListedOnes() throws Exception {
        Sites site = new Sites(dir);
        int n = PageModels.STATIC_ROWS + 40;
        for (int i = 0; i < n; i++) {
            ServiceConfig s = site.service(String.format("service-%03d", i), "Service " + i);
            site.result(s, Sites.START, PromiseResult.ok("fine " + i));
        }
        Instant now = Sites.START.plus(Duration.ofSeconds(30));
        Templates templates = Templates.of(Optional.empty());
        SiteRenderer kept = new SiteRenderer(site.monitor, templates);
        kept.render(site.state(now), null);
        Path index = site.monitor.webFolder().resolve(SiteRenderer.INDEX);
        assertThat(Files.readString(index)).contains("id=\"s-service-199\"").doesNotContain("id=\"s-service-200\"");

        // the first service goes: service-200, unchanged and made without its HTML, is now listed
        site.services.remove(0);
        kept.render(site.state(now), List.of());
        String listed = Files.readString(index);
        assertThat(listed).contains("id=\"s-service-200\"").doesNotContain("id=\"s-service-201\"");
        Sites fresh = new Sites(dir.resolve("fresh"));
        fresh.services.addAll(site.services);
        fresh.statuses.putAll(site.statuses);
        SiteState same = new SiteState(fresh.monitor, now, site.state(now).zone(), site.services, site.statuses,
                site.history, Optional.of(now), List.of(), Duration.ofSeconds(30), 100);
        new SiteRenderer(fresh.monitor, templates).render(same, List.of());
        assertThat(listed).isEqualTo(Files.readString(fresh.monitor.webFolder().resolve(SiteRenderer.INDEX)));
    }

    /** {@code bad} lines that are not OK (rank 5, ERROR), then {@code ok} OK ones, as PageModels sorts them. */
    private static List<PageModels.Line> lines(int bad, int ok) {
        List<PageModels.Line> lines = new ArrayList<>();
        for (int i = 0; i < bad + ok; i++) {
            boolean isBad = i < bad;
            lines.add(new PageModels.Line(null, isBad ? 5 : 0, false, isBad ? "ERROR" : "OK", null, new String[4]));
        }
        return lines;
    }

    @Test
    void theIndexListsTwoHundredRowsOrEveryBadOneUpToAThousand() {
        assertThat(PageModels.staticRows(lines(0, 0))).isZero();
        assertThat(PageModels.staticRows(lines(3, 150))).as("few services: all of them").isEqualTo(153);
        assertThat(PageModels.staticRows(lines(30, 9970))).isEqualTo(200);
        assertThat(PageModels.staticRows(lines(700, 9300))).as("every bad one").isEqualTo(700);
        assertThat(PageModels.staticRows(lines(5000, 5000))).as("at most a thousand").isEqualTo(1000);
    }

    @Test
    void aStaleOkServiceCountsAsBad() {
        List<PageModels.Line> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(new PageModels.Line(null, 4, true, "OK", null, new String[4]));
        }
        lines.addAll(lines(0, 100));
        assertThat(PageModels.staticRows(lines)).isEqualTo(300);
    }
}
