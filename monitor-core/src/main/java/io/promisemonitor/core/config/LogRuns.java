package io.promisemonitor.core.config;

/** Which runs the executor logs a line for ({@code log-runs}). */
public enum LogRuns {
    /** Every run: a line a run, as a small instance wants to watch it. */
    ALL,
    /**
     * A result that is not OK or is a failure not yet confirmed, a service's first result, and the run that changed
     * its status (a recovery among them):
     * with thousands of services run every minute, a line a run is most of the log and says nothing.
     */
    PROBLEMS;

    static LogRuns parse(String raw) {
        return Values.word(raw, LogRuns.class);
    }
}
