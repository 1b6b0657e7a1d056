package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLibTest {

    @TempDir
    Path dir;

    @Test
    void aJarInTheInstanceLibFolderAddsABuiltInThatTheRunningExecutorUses() throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve("instance"), "spread-starts = no");
        buildPromiseJar(instance.root().resolve("lib/site-promises.jar"));
        instance.service("site-check", "promise = site-answer", "[promise]", "answer = 42");
        PromiseRegistry registry = PromiseRegistry.withInstanceLib(instance.root().resolve("lib"));

        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(),
                MutableClock.at("2026-11-21T10:00:00Z"), registry)) {
            PromiseExecutor.prepareFolders(instance.monitor());
            executor.tick();
            assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();

            ServiceStatus s = executor.runner().store().read("site-check").orElseThrow();
            assertThat(s.status()).isEqualTo(Status.WARNING);
            assertThat(s.message()).isEqualTo("the answer is 42, from site-check");
        }
        assertThat(registry.loadProblems()).isEmpty();
    }

    @Test
    void aBrokenJarIsReportedAndTheClassPathBuiltInsStillLoad() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lib.resolve("broken.jar")))) {
            jar.putNextEntry(new JarEntry("META-INF/services/io.promisemonitor.core.promise.PromiseProvider"));
            jar.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }

        PromiseRegistry registry = PromiseRegistry.withInstanceLib(lib);

        assertThat(registry.find("test-sleepy")).isPresent();
        assertThat(registry.loadProblems()).hasSize(1);
        assertThat(registry.loadProblems().get(0)).startsWith("cannot load a built-in promise: ")
                .contains("com.example.Missing");
    }

    /** Compiles a provider against the monitor's classes and packs it with its service file, as a user would. */
    private void buildPromiseJar(Path jarFile) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/com/example"));
        Files.writeString(src.resolve("SiteAnswer.java"), String.join("\n",
                "package com.example;",
                "import io.promisemonitor.core.promise.*;",
                "import java.util.Set;",
                "public final class SiteAnswer implements PromiseProvider {",
                "  public String name() { return \"site-answer\"; }",
                "  public Set<String> options() { return Set.of(\"answer\"); }",
                "  public Promise create(PromiseOptions o) {",
                "    String answer = o.require(\"answer\");",
                "    return c -> PromiseResult.warning(\"the answer is \" + answer + \", from \" + c.serviceName());",
                "  }",
                "}"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", System.getProperty("java.class.path"), "-d",
                classes.toString(), src.resolve("SiteAnswer.java").toString());
        assertThat(rc).isZero();
        Files.createDirectories(jarFile.getParent());
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("com/example/SiteAnswer.class"));
            jar.write(Files.readAllBytes(classes.resolve("com/example/SiteAnswer.class")));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/services/io.promisemonitor.core.promise.PromiseProvider"));
            jar.write("com.example.SiteAnswer\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        assertThat(List.of(jarFile.toFile().length())).allMatch(size -> size > 0);
    }
}
