package io.promisemonitor.web.files;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.publish.Links;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The links the monitor made ({@link Links#readManifest}), read again only when the manifest file changed. */
public final class Manifest implements Supplier<Set<Path>> {

    private final MonitorConfig monitor;
    private final Path file;
    private Object seen;
    private Set<Path> links = Set.of();

    public Manifest(MonitorConfig monitor) {
        this.monitor = monitor;
        this.file = Links.manifestFile(monitor);
    }

    @Override
    public synchronized Set<Path> get() {
        Object now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            now = "none";
        }
        if (!now.equals(seen)) {
            links = Set.copyOf(Links.readManifest(monitor));
            seen = now;
        }
        return links;
    }
}
