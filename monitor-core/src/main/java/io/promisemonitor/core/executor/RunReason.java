package io.promisemonitor.core.executor;

/** Why a service runs; carried by its ticket and its outcome, so whoever hears of the run knows it. */
public enum RunReason {
    /** Its cron expression fired in the executor. */
    SCHEDULE("schedule"),
    /** Someone asked for it: the dashboard's button, the CGI script, a POST, the rerun spool. */
    RERUN("rerun"),
    /** {@code monitor run-promise}, by hand or from a per-service cron line. */
    COMMAND_LINE("command line"),
    /** {@code monitor run-due}: a cron minute ran it. */
    CRON("cron");

    private final String text;

    RunReason(String text) {
        this.text = text;
    }

    /** As logs and answers say it: {@code schedule}, {@code rerun}, {@code command line}, {@code cron}. */
    @Override
    public String toString() {
        return text;
    }
}
