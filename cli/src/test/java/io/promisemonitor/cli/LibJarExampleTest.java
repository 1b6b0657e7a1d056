package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lib/} jar example of docs/promises.md, as written: its Java compiled against monitor-api alone, its
 * service file listed, its {@code .cfg} run by {@code monitor run-promise} and {@code monitor validate}.
 */
class LibJarExampleTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentedLibJarCompilesAgainstTheApiAloneAndRunsInAnInstance() throws Exception {
        String doc = Files.readString(Path.of("../docs/promises.md"));
        String java = block(doc, "java", "// src/example/FileAgePromise.java");
        String cfg = block(doc, "ini", "# etc/monitor-promise/backup-age.cfg");

        Path src = dir.resolve("src/example/FileAgePromise.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, java);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path api = Path.of(Promise.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(api.toString()).as("the API's own classes, not the whole monitor").contains("monitor-api");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "--release", "17", "-cp", api.toString(), "-d",
                classes.toString(), src.toString());
        assertThat(compiled).as("javac against monitor-api alone").isZero();

        TestInstance instance = TestInstance.create(dir.resolve("instance"));
        Path jar = instance.root().resolve("lib/file-age.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/io.promisemonitor.core.promise.PromiseProvider"));
            out.write("example.FileAgePromise\n".getBytes(StandardCharsets.UTF_8));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classes)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                out.write(Files.readAllBytes(f));
            }
        }
        instance.write("etc/monitor-promise/backup-age.cfg", cfg);
        Path backup = instance.write("var/backup/last.tar", "tar");
        Files.setLastModifiedTime(backup, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        String root = instance.root().toString();

        CliTest.Run validate = CliTest.monitor("validate", "--instance", root);
        assertThat(validate.code()).as(validate.out() + validate.err()).isZero();

        CliTest.Run old = CliTest.monitor("run-promise", "--instance", root, "backup-age");
        Path status = instance.monitor().publicFolder().resolve("backup-age.status.json");
        assertThat(Files.readString(status)).contains("\"status\": \"ERROR\"",
                "var/backup/last.tar is 2880 min old, over 1440");
        assertThat(old.code()).isNotZero();

        Files.setLastModifiedTime(backup, FileTime.from(Instant.now()));
        CliTest.Run fresh = CliTest.monitor("run-promise", "--instance", root, "backup-age");
        assertThat(fresh.code()).isZero();
        assertThat(Files.readString(status)).contains("\"status\": \"OK\"", "var/backup/last.tar is 0 min old");
    }

    /** The fenced block of {@code language} whose first line is {@code firstLine}. */
    private static String block(String doc, String language, String firstLine) {
        Matcher m = Pattern.compile("```" + language + "\n(" + Pattern.quote(firstLine) + "\n.*?)```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).as(language + " block starting " + firstLine + " in docs/promises.md").isTrue();
        return m.group(1);
    }
}
