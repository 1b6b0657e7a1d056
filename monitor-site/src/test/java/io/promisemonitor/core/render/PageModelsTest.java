package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageModelsTest {

    @TempDir
    Path dir;

    @Test
    void aPageMadeAfterItsRowOfTheIndexIsThePageMadeAlone() {
        Sites site = Sites.varied(dir, 40);
        // links to public and private files, and more runs than the index's strip shows
        ServiceConfig linked = TestConfigs.service(site.monitor, "linked").title("Linked")
                .publicPaths(dir.resolve("var/log/disk.log")).privatePaths(dir.resolve("var/disk/interface")).build();
        site.services.add(linked);
        for (int run = 0; run < PageModels.INDEX_STRIP + 15; run++) {
            site.result(linked, Sites.START.plus(Duration.ofMinutes(run)), run % 9 == 0 ? PromiseResult.error("bad")
                    : PromiseResult.ok("fine"));
        }
        Instant now = Sites.START.plus(Duration.ofMinutes(40));
        PageModels shared = new PageModels(site.state(now));
        shared.lines();
        PageModels alone = new PageModels(site.state(now));
        int pages = 0;
        for (ServiceConfig s : site.services) {
            RowModel row = shared.indexRowModel(s);
            assertThat(row.startAgo() == null || row.startAgo() instanceof Stencil.Slot).isTrue();
            PageModel.Service page = shared.servicePageModel(s);
            assertThat(page).as(s.name()).isEqualTo(alone.servicePageModel(s));
            assertThat(page.service().pageHref()).isEqualTo("../service/" + s.name() + ".html");
            pages++;
        }
        assertThat(pages).isEqualTo(41);
        RowModel linkedPage = alone.servicePageModel(linked).service();
        assertThat(linkedPage.publicHref()).startsWith("../");
        assertThat(linkedPage.privateHref()).startsWith("../");
        assertThat(linkedPage.stripRuns()).endsWith("60*34");
    }

    @Test
    void absoluteTimesReadAsDateTimeFormatterWritesThem() {
        Sites site = new Sites(dir);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss z", Locale.ENGLISH);
        for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneId.of("Europe/Paris"),
                ZoneId.of("America/New_York"))) {
            PageModels models = new PageModels(new SiteState(site.monitor, Sites.START, zone, site.services,
                    site.statuses, site.history, Optional.empty(), List.of(), Duration.ofSeconds(30), 100));
            for (Instant t : List.of(Instant.parse("2026-03-29T00:59:59Z"), Instant.parse("2026-03-29T01:00:00Z"),
                    Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T01:30:00Z"),
                    Instant.parse("2026-12-31T23:59:59Z"), Instant.parse("1969-12-31T23:59:59Z"),
                    Instant.parse("2024-02-29T12:00:00.999Z"), Instant.EPOCH)) {
                assertThat(models.absolute(t)).as(zone + " " + t).isEqualTo(format.format(t.atZone(zone)));
            }
        }
    }

    @Test
    void isoTimesReadAsInstantToStringWritesThem() {
        for (String text : List.of("2026-11-21T19:42:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "2024-02-29T00:00:01Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0999-05-06T07:08:09Z",
                "2026-11-21T19:42:00.500Z", "2026-11-21T19:42:00.000001Z", "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z")) {
            Instant t = Instant.parse(text);
            assertThat(PageModels.iso(t)).as(text).isEqualTo(t.toString()).isEqualTo(text);
        }
        for (long s = -5_000_000_000L; s < 260_000_000_000L; s += 86_399_999L) {
            Instant t = Instant.ofEpochSecond(s);
            assertThat(PageModels.iso(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void durationsReadAsStringFormatWroteThem() {
        for (long ms = 0; ms < 70_000; ms += ms < 200 ? 1 : 7) {
            String expected = ms < 10_000 ? String.format(Locale.ROOT, "%.3f s", ms / 1000.0)
                    : ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : null;
            if (expected != null) {
                assertThat(PageModels.seconds(Duration.ofMillis(ms))).as(ms + " ms").isEqualTo(expected);
            }
        }
        assertThat(PageModels.seconds(Duration.ofMillis(59_950))).isEqualTo("60.0 s");
        assertThat(PageModels.seconds(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(PageModels.seconds(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
    }

    @Test
    void aPerfdataValueThePluginPrintedAsUReadsUnknown() {
        assertThat(PageModels.valueText(Perfdata.of("rta", Double.NaN, "ms"))).isEqualTo("unknown");
        assertThat(PageModels.valueText(Perfdata.of("rta", Double.POSITIVE_INFINITY, "ms")))
                .isEqualTo("(not a number)");
        assertThat(PageModels.valueText(Perfdata.of("rta", 12, "ms"))).isEqualTo("12ms");
    }

    @Test
    void sharesAreRoundedDownToATenthOfAPercent() {
        assertThat(PageModels.percent(1.0)).isEqualTo("100 %");
        assertThat(PageModels.percent(0.99969)).isEqualTo("99.9 %");
        assertThat(PageModels.percent(2.0 / 3)).isEqualTo("66.6 %");
        assertThat(PageModels.percent(0.85)).isEqualTo("85 %");
        assertThat(PageModels.percent(0.0004)).isEqualTo("0 %");
        assertThat(PageModels.percent(Double.NaN)).isEqualTo("n/a");
        for (int tenths = 0; tenths <= 1000; tenths++) {
            double share = tenths / 1000.0 + 0.00001;
            double expected = Math.floor(share * 1000) / 10;
            String text = expected == Math.rint(expected) ? String.valueOf((long) expected)
                    : String.format(Locale.ROOT, "%.1f", expected);
            assertThat(PageModels.percent(share)).as("share " + share).isEqualTo(text + " %");
        }
    }

    @Test
    void zoneNamesKnownWithoutTheJdksNamesAreTheJdksNames() {
        java.time.format.DateTimeFormatter names = java.time.format.DateTimeFormatter.ofPattern("z",
                java.util.Locale.ENGLISH);
        for (String id : List.of("UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z", "+01:00", "-09:30", "Europe/Paris",
                "America/New_York", "UTC+01:00", "Etc/GMT-1")) {
            java.time.ZoneId zone = java.time.ZoneId.of(id);
            for (Instant t : List.of(Instant.parse("2026-12-04T23:00:00Z"), Instant.parse("2026-07-04T12:00:00Z"))) {
                assertThat(PageModels.zoneName(zone, t)).as(id).isEqualTo(names.withZone(zone).format(t));
            }
        }
    }
}
