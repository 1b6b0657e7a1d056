package io.promisemonitor.core.fleet;

import java.util.Optional;

/**
 * One service of a related monitor, from its status file.
 *
 * @param status {@code OK}, {@code WARNING}, {@code ERROR}, {@code UNKNOWN}, or {@code PENDING} when it has no
 *     status file yet
 * @param startDate and {@code changeDate}: as the status file gives them (ISO 8601), when it does
 * @param page the service's page, absolute
 * @param statusUrl its status file, absolute
 */
public record ServiceView(String id, String title, String status, String message, Optional<String> startDate,
        Optional<String> changeDate, String page, String statusUrl) {

    /** Bad first: ERROR, UNKNOWN, WARNING, PENDING, OK. */
    public int severity() {
        return switch (status) {
            case "ERROR" -> 4;
            case "UNKNOWN" -> 3;
            case "WARNING" -> 2;
            case "PENDING" -> 1;
            default -> 0;
        };
    }
}
