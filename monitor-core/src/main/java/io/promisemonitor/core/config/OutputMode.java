package io.promisemonitor.core.config;

/** How a promise's output is read: {@code output = auto | json | nagios}. */
public enum OutputMode {
    /** A JSON object with {@code message} is the SlapOS contract; anything else is read as a Nagios plugin's. */
    AUTO,
    /** Only the SlapOS JSON contract; anything else is an ERROR quoting what was printed. */
    JSON,
    /** Only the Nagios plugin contract; JSON is never tried. */
    NAGIOS
}
