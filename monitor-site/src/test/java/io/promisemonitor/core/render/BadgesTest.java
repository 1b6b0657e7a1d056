package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.PromiseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadgesTest {

    private static final FileTime OLD = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void aBadgeIsAFlatSvgSizedToItsTextWithItsTextEscaped() {
        String svg = Badges.svg("Disk & <co>", "ERROR", "#e05d44");

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (Badges.width("Disk & <co>")
                + 10 + Badges.width("ERROR") + 10) + "\" height=\"20\" role=\"img\" aria-label=\"Disk &amp; &lt;co&gt;:"
                + " ERROR\"><title>Disk &amp; &lt;co&gt;: ERROR</title>");
        assertThat(svg).contains("<rect width=\"80\" height=\"20\" fill=\"#555\"/><rect x=\"80\" width=\"49\""
                + " height=\"20\" fill=\"#e05d44\"/>", "<text x=\"40\" y=\"14\">Disk &amp; &lt;co&gt;</text>",
                "<text x=\"104.5\" y=\"14\">ERROR</text>");
        assertThat(svg).doesNotContain("<co>");
        // Verdana at 11 px, rounded up: "OK" 16.3 px, "ERROR" 38.6 px, a narrow "ill" 9.1 px
        assertThat(Badges.width("OK")).isEqualTo(17);
        assertThat(Badges.width("ERROR")).isEqualTo(39);
        assertThat(Badges.width("ill")).isEqualTo(10);
        assertThat(Badges.svg("x".repeat(60), "OK", "#4c1")).contains("aria-label=\"" + "x".repeat(39) + "\u2026: OK\"");
    }

    @Test
    void eachServiceAndTheMonitorGetABadgeRewrittenOnlyWhenItChanges() throws Exception {
        Sites site = new Sites(dir);
        var disk = site.service("disk", "Disk space");
        var web = site.service("web", "Web");
        site.result(disk, Sites.START, PromiseResult.ok("fine"));
        site.result(web, Sites.START, PromiseResult.warning("slow"));
        Badges badges = new Badges(site.monitor.publicFolder());
        Path diskBadge = site.monitor.publicFolder().resolve("disk.svg");
        Path overall = site.monitor.publicFolder().resolve("monitor.svg");

        assertThat(badges.write(site.state(Sites.START.plus(Duration.ofSeconds(30))))).isEqualTo(3);
        assertThat(Files.readString(diskBadge)).contains("<title>Disk space: OK</title>", "fill=\"#4c1\"");
        assertThat(Files.readString(overall)).contains("<title>monitor: 1 WARNING</title>", "fill=\"#dfb317\"");

        Files.setLastModifiedTime(diskBadge, OLD);
        Files.setLastModifiedTime(overall, OLD);
        site.result(disk, Sites.START.plus(Duration.ofMinutes(1)), PromiseResult.ok("still fine"));
        // a new process (a restart) knows nothing it wrote: it compares with the files
        Badges restarted = new Badges(site.monitor.publicFolder());
        assertThat(restarted.write(site.state(Sites.START.plus(Duration.ofSeconds(90))))).isZero();
        assertThat(Files.getLastModifiedTime(diskBadge)).isEqualTo(OLD);
        assertThat(Files.getLastModifiedTime(overall)).isEqualTo(OLD);

        site.result(disk, Sites.START.plus(Duration.ofMinutes(2)), PromiseResult.error("full"));
        assertThat(restarted.write(site.state(Sites.START.plus(Duration.ofSeconds(125))))).isEqualTo(2);
        assertThat(Files.readString(diskBadge)).contains("<title>Disk space: ERROR</title>");
        assertThat(Files.readString(overall)).contains("<title>monitor: 1 ERROR</title>", "fill=\"#e05d44\"");
        assertThat(Files.getLastModifiedTime(overall)).isNotEqualTo(OLD);

        // no run for an hour: STALE, in orange; the overall badge still says ERROR, the worse
        assertThat(restarted.write(site.state(Sites.START.plus(Duration.ofHours(1))))).isEqualTo(2);
        assertThat(Files.readString(site.monitor.publicFolder().resolve("web.svg")))
                .contains("<title>Web: WARNING (stale)</title>", "fill=\"#fe7d37\"");

        site.services.remove(web);
        restarted.write(site.state(Sites.START.plus(Duration.ofHours(1))));
        assertThat(site.monitor.publicFolder().resolve("web.svg")).doesNotExist();
    }
}
