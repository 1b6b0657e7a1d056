package io.promisemonitor.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCatalogueTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theFirstRescanTellsEveryServiceAsAddedAndAnUnchangedFolderTellsNothing() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("disk", "command = /bin/true");
        instance.service("web", "command = /bin/true");
        ServiceCatalogue catalogue = new ServiceCatalogue(instance.monitor());
        List<CatalogueChange> told = new ArrayList<>();
        catalogue.addListener(told::add);

        Optional<CatalogueChange> first = catalogue.rescan(T0);
        Optional<CatalogueChange> second = catalogue.rescan(T0.plusSeconds(2));

        assertThat(first).isPresent();
        assertThat(first.get().first()).isTrue();
        assertThat(first.get().added()).containsExactlyInAnyOrder("disk", "web");
        assertThat(first.get().at()).isEqualTo(T0);
        assertThat(second).isEmpty();
        assertThat(told).containsExactly(first.get());
    }

    @Test
    void anEditedAddedAndRemovedFileAreToldApartInOneChange() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        Path disk = instance.service("disk", "command = /bin/true");
        instance.service("web", "command = /bin/true");
        ServiceCatalogue catalogue = new ServiceCatalogue(instance.monitor());
        catalogue.rescan(T0);

        Files.writeString(disk, "[service]\ntitle = Disk usage\ncommand = /bin/true\n");
        Files.setLastModifiedTime(disk, FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(instance.promiseFolder().resolve("web.cfg"));
        instance.service("backup", "command = /bin/true");
        CatalogueChange change = catalogue.rescan(T0.plusSeconds(2)).orElseThrow();

        assertThat(change.first()).isFalse();
        assertThat(change.changed()).containsExactly("disk");
        assertThat(change.added()).containsExactly("backup");
        assertThat(change.removed()).containsExactly("web");
        assertThat(change.services()).containsOnlyKeys("backup", "disk");
        assertThat(catalogue.entry("disk").orElseThrow().config().title()).isEqualTo("Disk usage");
    }

    @Test
    void aBrokenFileIsAServiceWithItsProblemsAndAFailingListenerLeavesTheOthersTold() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("odd", "frequency = */61 * * * *", "command = /bin/true");
        ServiceCatalogue catalogue = new ServiceCatalogue(instance.monitor());
        List<CatalogueChange> told = new ArrayList<>();
        catalogue.addListener(change -> {
            throw new IllegalStateException("listener broke");
        });
        catalogue.addListener(told::add);

        catalogue.rescan(T0);

        assertThat(told).hasSize(1);
        CatalogueEntry odd = told.get(0).services().get("odd");
        assertThat(odd.problems()).hasSize(1);
        assertThat(odd.problems().get(0).toString()).contains("odd.cfg", "*/61 * * * *");
    }
}
