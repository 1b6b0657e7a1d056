package io.promisemonitor.web.files;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.publish.Links;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The links the monitor made and the real path each may lead into ({@link Links#readServable}), read again only
 * when the manifest file changed.
 */
public final class Manifest implements Supplier<Map<Path, Path>> {

    private final MonitorConfig monitor;
    private final Path file;
    private Object seen;
    private Map<Path, Path> links = Map.of();

    public Manifest(MonitorConfig monitor) {
        this.monitor = monitor;
        this.file = Links.manifestFile(monitor);
    }

    @Override
    public synchronized Map<Path, Path> get() {
        Object now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            now = "none";
        }
        if (!now.equals(seen)) {
            links = Map.copyOf(Links.readServable(monitor));
            seen = now;
        }
        return links;
    }
}
