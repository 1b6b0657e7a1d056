package io.promisemonitor.core.publish;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schemas of status.json, history.json and monitor.haljson, shipped in the jar and copied to {@code <web>/schema/}
 * so that authors of promises and dashboards can read the contract from a running monitor.
 */
public final class Schemas {

    public static final String STATUS = "status.schema.json";
    public static final String HISTORY = "history.schema.json";
    public static final String HALJSON = "monitor.haljson.schema.json";

    private static final List<String> ALL = List.of(STATUS, HISTORY, HALJSON);
    private static final String RESOURCE_FOLDER = "/io/promisemonitor/core/schema/";

    private Schemas() {
    }

    /** The schema's bytes; {@code name} is {@link #STATUS}, {@link #HISTORY} or {@link #HALJSON}. */
    public static byte[] read(String name) {
        if (!ALL.contains(name)) {
            throw new IllegalArgumentException("schema '" + name + "': unknown; allowed: " + String.join(", ", ALL));
        }
        try (InputStream in = Schemas.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + name + ": " + e.getMessage(), e);
        }
    }

    public static Path folder(MonitorConfig config) {
        return config.webFolder().resolve(UrlLayout.SCHEMA_FOLDER);
    }

    /** Copies the schemas into {@code <web>/schema/}; returns the files it wrote (none when all were current). */
    public static List<Path> install(MonitorConfig config) {
        List<Path> written = new ArrayList<>();
        for (String name : ALL) {
            Path target = folder(config).resolve(name);
            if (AtomicFiles.writeIfChanged(target, read(name))) {
                written.add(target);
            }
        }
        return written;
    }
}
