package io.promisemonitor.core.promise;

/** The outcome of one promise run, ordered from best to worst for display. */
public enum Status {
    OK(0),
    WARNING(1),
    ERROR(2),
    UNKNOWN(3);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The Nagios plugin exit code for this status, also the exit code of {@code monitor run-promise}. */
    public int exitCode() {
        return exitCode;
    }

    /** Reads a Nagios plugin exit code: 0/1/2/3, anything else is UNKNOWN. */
    public static Status fromNagiosExitCode(int code) {
        switch (code) {
            case 0: return OK;
            case 1: return WARNING;
            case 2: return ERROR;
            default: return UNKNOWN;
        }
    }

    /** Whether the service needs attention: anything but OK. */
    public boolean isBad() {
        return this != OK;
    }

    /** Severity for sorting "bad ones first": ERROR, UNKNOWN, WARNING, OK. */
    public int severity() {
        switch (this) {
            case ERROR: return 3;
            case UNKNOWN: return 2;
            case WARNING: return 1;
            default: return 0;
        }
    }
}
