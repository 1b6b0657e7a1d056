package io.promisemonitor.core.promise;

import java.nio.file.Path;
import java.time.Clock;

/** What a built-in promise may know of where and when it runs. */
public interface PromiseContext {

    /** The service name (the {@code .cfg} file's base name). */
    String serviceName();

    /** The instance root ({@code $instance}). */
    Path instanceRoot();

    /**
     * A folder of this promise's own for state that must survive restarts (offsets, counters), created on
     * demand under the instance's state folder.
     */
    Path stateFolder();

    Clock clock();
}
