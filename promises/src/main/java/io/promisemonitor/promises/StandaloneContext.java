package io.promisemonitor.promises;

import io.promisemonitor.core.promise.PromiseContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A context for running a built-in outside the executor ({@code monitor check}, Java code, tests). The state
 * folder is created on first use, as the executor does.
 */
public final class StandaloneContext implements PromiseContext {

    private final String serviceName;
    private final Path instanceRoot;
    private final Path stateFolder;
    private final Clock clock;

    public StandaloneContext(String serviceName, Path instanceRoot, Path stateFolder, Clock clock) {
        this.serviceName = serviceName;
        this.instanceRoot = instanceRoot.toAbsolutePath().normalize();
        this.stateFolder = stateFolder.toAbsolutePath().normalize();
        this.clock = clock;
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public Path instanceRoot() {
        return instanceRoot;
    }

    @Override
    public Path stateFolder() {
        try {
            return Files.createDirectories(stateFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state folder " + stateFolder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
