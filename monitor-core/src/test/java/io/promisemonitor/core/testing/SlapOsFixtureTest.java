package io.promisemonitor.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SlapOsFixtureTest {

    @TempDir
    Path tempDir;

    static List<String> fixtures() {
        return SlapOsFixture.names();
    }

    @Test
    void everyGenerationOfSlapOsMonitorHasAFixture() {
        assertThat(SlapOsFixture.names()).contains("2015-monitor2", "2016-monitor", "2018-01-monitor");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aCopyIsAnInstanceUnderTheTempDirWithNoPlaceholderLeft(String name) throws IOException {
        Path root = SlapOsFixture.copy(name, tempDir);

        assertThat(root).isEqualTo(tempDir.resolve("slappart3").toAbsolutePath().normalize());
        assertThat(root.resolve("etc/monitor.conf")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/monitor.conf")))
                .contains("public-folder = " + root + "/srv/monitor/public");
        for (Path file : files(root)) {
            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain(SlapOsFixture.PLACEHOLDER);
        }
        assertThat(root.resolve(".mkdirectory")).doesNotExist();
        assertThat(root.resolve(".modes")).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFolderOfTheMkdirectoryListAndEveryModeOfTheModesListIsMade(String name) throws IOException {
        Path source = SlapOsFixture.fixtures().resolve(name);
        Path root = SlapOsFixture.copy(name, tempDir);

        for (String folder : Files.readAllLines(source.resolve(".mkdirectory"))) {
            assertThat(root.resolve(folder)).as(folder).isDirectory();
        }
        List<String> modes = Files.readAllLines(source.resolve(".modes"));
        assertThat(modes).isNotEmpty();
        for (String line : modes) {
            String[] parts = line.split(" ", 2);
            String expected = parts[0].equals("0755") ? "rwxr-xr-x" : parts[0].equals("0700") ? "rwx------" : "rw-------";
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(parts[1]))))
                    .as(parts[1]).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyPromiseWithoutCfgIsExecutableAndStartsWithAShebang(String name) throws IOException {
        Path root = SlapOsFixture.copy(name, tempDir);

        for (String folder : List.of("etc/promise", "etc/monitor-promise")) {
            if (!Files.isDirectory(root.resolve(folder))) {
                continue;
            }
            for (Path file : files(root.resolve(folder))) {
                if (!file.getFileName().toString().endsWith(".cfg")) {
                    assertThat(file).as(file.toString()).isExecutable();
                    assertThat(Files.readString(file)).as(file.toString()).startsWith("#!/bin/sh\n");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureHasAReadmeNamingTheCommitsOfItsTemplates(String name) throws IOException {
        Path readme = SlapOsFixture.fixtures().resolve(name).resolve("README.md");

        assertThat(readme).isRegularFile();
        assertThat(Files.readString(readme)).containsPattern("SlapOS/slapos[^.]").containsPattern("[0-9a-f]{40}");
    }

    @Test
    void anUnknownFixtureIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> SlapOsFixture.copy("1999-monitor", tempDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SlapOS fixture '1999-monitor' not found, known: [2015-monitor2, ");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.filter(Files::isRegularFile).toList();
        }
    }
}
