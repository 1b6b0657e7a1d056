package io.promisemonitor.cgi;

import io.promisemonitor.core.config.ServiceConfig;
import java.util.Optional;

/**
 * Where a rerun request goes: {@link InProcessBackend} hands it to the executor of this process ({@code monitor
 * up}); {@link SpoolBackend} to the executor of another process through the rerun spool; without an executor on the
 * instance, {@link DirectBackend} runs it in this process (the CGI script, one process per request) and
 * {@link ChildProcessBackend} in a child {@code monitor run-promise} ({@code monitor serve});
 * {@link WhereverBackend} picks between the two kinds at each request.
 */
public interface RerunBackend extends AutoCloseable {

    /** The configuration of {@code service}, or empty when no such service is configured. */
    Optional<ServiceConfig> service(String service);

    /** Asks for a run of a configured service; refused when one is queued or running. */
    Submission submit(String service);

    @Override
    default void close() {
    }
}
