package io.promisemonitor.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathGuardTest {

    @TempDir
    Path dir;

    @Test
    void segmentsAreDecodedOneByOneAndEscapesAreRefusedWithTheReason() throws Exception {
        Path root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("a b.json"), "{}");
        PathGuard guard = new PathGuard(root, Map::of);

        assertThat(guard.resolve("a%20b.json").kind()).isEqualTo(PathGuard.Kind.FILE);
        assertThat(guard.resolve("").kind()).isEqualTo(PathGuard.Kind.DIRECTORY);
        assertThat(guard.resolve("%2e%2e/x").reason()).isEqualTo("'..' in path");
        assertThat(guard.resolve("a%2fb").reason()).isEqualTo("encoded slash or backslash in path");
        assertThat(guard.resolve("a%5cb").reason()).isEqualTo("encoded slash or backslash in path");
        assertThat(guard.resolve("a%00b").reason()).isEqualTo("control character in path");
        assertThat(guard.resolve("x//y").reason()).isEqualTo("empty path segment");
        assertThat(guard.resolve("%zz").reason()).isEqualTo("malformed percent escape in path");
        assertThat(guard.resolve("%c0%ae").reason()).isEqualTo("path is not UTF-8");
        assertThat(guard.resolve("missing.json").kind()).isEqualTo(PathGuard.Kind.NOT_FOUND);
    }

    @Test
    void onlyListedLinksMayLeaveTheRootAndNothingLeavesTheirTargets() throws Exception {
        Path root = Files.createDirectories(dir.resolve("public"));
        Path logs = Files.createDirectories(dir.resolve("var/log"));
        Files.writeString(logs.resolve("app.log"), "x");
        Files.createSymbolicLink(logs.resolve("up"), dir);
        Files.createSymbolicLink(root.resolve("log"), logs);
        Files.createSymbolicLink(root.resolve("planted"), logs);
        Path recorded = logs.toRealPath();
        PathGuard guard = new PathGuard(root, () -> Map.of(root.resolve("log"), recorded));

        assertThat(guard.resolve("log/app.log").path()).isEqualTo(logs.toRealPath().resolve("app.log"));
        assertThat(guard.resolve("planted/app.log").kind()).isEqualTo(PathGuard.Kind.NOT_FOUND);
        assertThat(guard.resolve("log/up/public").kind()).isEqualTo(PathGuard.Kind.NOT_FOUND);
    }
}
