package io.promisemonitor.core.testing;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A real instance folder for tests: {@code etc/monitor.conf} and services written as files. */
public final class TestInstance {

    private final Path root;

    private TestInstance(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** An instance under {@code dir} with {@code monitorConf} lines after {@code [monitor]}. */
    public static TestInstance create(Path dir, String... monitorConf) {
        TestInstance instance = new TestInstance(dir);
        instance.write("etc/monitor.conf", "[monitor]\n" + String.join("\n", monitorConf) + "\n");
        return instance;
    }

    public Path root() {
        return root;
    }

    public MonitorConfig monitor() {
        return InstanceConfig.loadMonitor(root);
    }

    public Path promiseFolder() {
        return root.resolve("etc/monitor-promise");
    }

    /** Writes {@code <name>.cfg} with {@code [service]} and the given lines. */
    public Path service(String name, String... cfgLines) {
        return write("etc/monitor-promise/" + name + ".cfg", "[service]\n" + String.join("\n", cfgLines) + "\n");
    }

    /** Writes an executable shell script {@code etc/monitor-promise/<name>} (the SlapOS way). */
    public Path script(String name, String body) {
        Path file = write("etc/monitor-promise/" + name, "#!/bin/sh\n" + body + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public Path write(String relative, String text) {
        Path file = root.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public Path statusFile(String service) {
        return monitor().publicFolder().resolve(service + ".status.json");
    }
}
