package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.promise.PromiseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-shot runs (run-promise, a cron line) render from stencils kept between them, with the same bytes. */
class KeptStencilsTest {

    @TempDir
    Path dir;

    private final Instant now = Sites.START.plus(Duration.ofMinutes(7));

    @Test
    void aOneShotRunAfterAnotherCompilesNoTemplateAndWritesWhatThePlainRenderWrites() throws Exception {
        Sites site = Sites.varied(dir, 4);
        ServiceConfig first = site.services.get(0);
        // as cron lines run it: a result, then its one-shot render, a minute later again
        site.result(first, now.minus(Duration.ofSeconds(20)), PromiseResult.ok("fine"));
        Templates before = Templates.of(Optional.empty());
        SiteRenderer.oneShot(site.monitor, before).render(site.state(now), Set.of(first.name()));
        assertThat(before.compiledCount()).isEqualTo(4);
        assertThat(site.monitor.stateFolder("render").resolve(SiteRenderer.KEPT_STENCILS)).exists();

        Instant later = now.plus(Duration.ofMinutes(1));
        site.result(first, later.minus(Duration.ofSeconds(20)), PromiseResult.ok("fine"));
        Templates next = Templates.of(Optional.empty());
        SiteRenderer.oneShot(site.monitor, next).render(site.state(later), Set.of(first.name()));

        assertThat(next.compiledCount()).as("templates compiled by the second one-shot run").isZero();
        Map<String, String> kept = webFiles(site);
        assertThat(kept).containsKeys("index.html", "monitor.rss", "service/service-000.html",
                "service/service-000.rss");
        assertThat(plainRender(site, later, Set.of(first.name()))).isEqualTo(kept);
    }

    @Test
    void everyServiceRunInTurnByOneShotRunsGetsThePagesOfThePlainRenderEvenWithMarkerCharactersInItsText()
            throws Exception {
        Sites site = Sites.varied(dir, 12);
        for (ServiceConfig s : site.services) {
            SiteRenderer.oneShot(site.monitor, Templates.of(Optional.empty())).render(site.state(now),
                    Set.of(s.name()));
            Map<String, String> kept = webFiles(site);
            assertThat(plainRender(site, now, Set.of(s.name()))).as(s.name()).isEqualTo(kept);
            emptyWebFolder(site);
        }
    }

    @Test
    void aTemplateEditedBetweenTwoRunsIsUsedAsItIsNow() throws Exception {
        Path look = Files.createDirectories(dir.resolve("look"));
        Files.writeString(look.resolve("index.html.hbs"), "{{#each rowsHtml}}{{{this}}}{{/each}}");
        Files.writeString(look.resolve("row.html.hbs"), "[{{id}} {{status}} {{startAgo}}]");
        Sites site = new Sites(dir.resolve("site"));
        ServiceConfig disk = site.service("disk", "Disk");
        site.result(disk, Sites.START, PromiseResult.ok("fine"));
        Path index = site.monitor.webFolder().resolve(SiteRenderer.INDEX);

        SiteRenderer.oneShot(site.monitor, Templates.of(Optional.of(look))).render(site.state(now), Set.of("disk"));
        assertThat(Files.readString(index)).isEqualTo("[disk OK 7 min ago]");

        Files.writeString(look.resolve("row.html.hbs"), "<{{id}} is {{status}}, {{startAgo}}>");
        Templates edited = Templates.of(Optional.of(look));
        SiteRenderer.oneShot(site.monitor, edited).render(site.state(now), Set.of("disk"));

        assertThat(Files.readString(index)).isEqualTo("<disk is OK, 7 min ago>");
        assertThat(edited.compiledCount()).as("only the edited template is compiled").isEqualTo(1);
    }

    @Test
    void aDamagedFileOfKeptStencilsIsIgnoredAndWrittenAnew() throws Exception {
        Sites site = Sites.varied(dir, 4);
        ServiceConfig first = site.services.get(0);
        SiteRenderer.oneShot(site.monitor, Templates.of(Optional.empty())).render(site.state(now),
                Set.of(first.name()));
        Path file = site.monitor.stateFolder("render").resolve(SiteRenderer.KEPT_STENCILS);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        Templates afterDamage = Templates.of(Optional.empty());
        SiteRenderer.oneShot(site.monitor, afterDamage).render(site.state(now), Set.of(first.name()));
        assertThat(afterDamage.compiledCount()).isEqualTo(4);
        assertThat(plainRender(site, now, Set.of(first.name()))).isEqualTo(webFiles(site));

        Templates third = Templates.of(Optional.empty());
        SiteRenderer.oneShot(site.monitor, third).render(site.state(now), Set.of(first.name()));
        assertThat(third.compiledCount()).as("the file written anew serves the next run").isZero();
    }

    @Test
    void aFileOfKeptStencilsClaimingMoreThanAllowedIsIgnored() throws Exception {
        Sites site = Sites.varied(dir, 4);
        ServiceConfig first = site.services.get(0);
        Path file = Files.createDirectories(site.monitor.stateFolder("render")).resolve(SiteRenderer.KEPT_STENCILS);
        Files.write(file, new byte[(int) Stencils.MAX_FILE + 1]);

        Templates templates = Templates.of(Optional.empty());
        SiteRenderer.oneShot(site.monitor, templates).render(site.state(now), Set.of(first.name()));

        assertThat(templates.compiledCount()).isEqualTo(4);
        assertThat(plainRender(site, now, Set.of(first.name()))).isEqualTo(webFiles(site));
        assertThat(Files.size(file)).isLessThan(Stencils.MAX_FILE);
    }

    /** What the plain renderer (no kept stencils) writes for the same state, into a web folder emptied first. */
    private static Map<String, String> plainRender(Sites site, Instant at, Set<String> dirty) throws Exception {
        emptyWebFolder(site);
        new SiteRenderer(site.monitor, Templates.of(Optional.empty())).render(site.state(at), dirty);
        return webFiles(site);
    }

    private static void emptyWebFolder(Sites site) throws Exception {
        try (Stream<Path> files = Files.walk(site.monitor.webFolder())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.delete(f);
            }
        }
    }

    /** The files served: not the hidden ones (the spares pages are exchanged with, which no server hands out). */
    private static Map<String, String> webFiles(Sites site) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path web = site.monitor.webFolder();
        try (Stream<Path> files = Files.walk(web)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                out.put(web.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }
}
