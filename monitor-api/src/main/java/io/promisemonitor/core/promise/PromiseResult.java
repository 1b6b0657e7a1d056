package io.promisemonitor.core.promise;

import java.util.List;
import java.util.Objects;

/**
 * The immutable result of one check: a status, a one-line message, optional longer details and perfdata.
 * Built with the static factories: {@code PromiseResult.ok("3 paths above 10% free")}.
 */
public final class PromiseResult {

    /** Messages are cut to this many characters (SlapOS kept the last 5,000). */
    public static final int MAX_MESSAGE_LENGTH = 5000;

    private final Status status;
    private final String message;
    private final String details;
    private final List<Perfdata> perfdata;
    private final String description;
    private final String error;

    private PromiseResult(Status status, String message, String details, List<Perfdata> perfdata) {
        this(status, message, details, perfdata, null, null);
    }

    private PromiseResult(Status status, String message, String details, List<Perfdata> perfdata, String description,
            String error) {
        this.status = Objects.requireNonNull(status, "status");
        this.message = cap(message == null ? "" : message);
        this.details = details == null || details.isEmpty() ? null : details;
        this.perfdata = List.copyOf(perfdata);
        this.description = description == null || description.isEmpty() ? null : cap(description);
        this.error = error == null || error.isEmpty() ? null : cap(error);
    }

    public static PromiseResult of(Status status, String message) {
        return new PromiseResult(status, message, null, List.of());
    }

    public static PromiseResult ok(String message) {
        return of(Status.OK, message);
    }

    public static PromiseResult warning(String message) {
        return of(Status.WARNING, message);
    }

    public static PromiseResult error(String message) {
        return of(Status.ERROR, message);
    }

    public static PromiseResult unknown(String message) {
        return of(Status.UNKNOWN, message);
    }

    /** A failed result naming what went wrong, never a stack trace. */
    public static PromiseResult error(Throwable failure) {
        String text = failure.getMessage();
        if (text == null || text.isBlank()) {
            text = failure.getClass().getSimpleName();
        }
        return error(text);
    }

    public PromiseResult withDetails(String newDetails) {
        return new PromiseResult(status, message, newDetails, perfdata, description, error);
    }

    public PromiseResult withPerfdata(List<Perfdata> newPerfdata) {
        return new PromiseResult(status, message, details, newPerfdata, description, error);
    }

    public PromiseResult withMessage(String newMessage) {
        return new PromiseResult(status, newMessage, details, perfdata, description, error);
    }

    public PromiseResult withStatus(Status newStatus) {
        return new PromiseResult(newStatus, message, details, perfdata, description, error);
    }

    /**
     * SlapOS's JSON contract: the promise's own {@code description} and {@code error} fields, kept in the status
     * file as they came (null when absent).
     */
    public PromiseResult withSlapOsFields(String newDescription, String newError) {
        return new PromiseResult(status, message, details, perfdata, newDescription, newError);
    }

    /** The {@code description} a SlapOS JSON promise printed, or null. */
    public String description() {
        return description;
    }

    /** The {@code error} a SlapOS JSON promise printed, or null. */
    public String error() {
        return error;
    }

    public Status status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** Longer output (further lines of a plugin's output, stderr), or null. */
    public String details() {
        return details;
    }

    public List<Perfdata> perfdata() {
        return perfdata;
    }

    private static String cap(String text) {
        if (text.length() <= MAX_MESSAGE_LENGTH) {
            return text;
        }
        String marker = " [... cut]";
        return text.substring(0, MAX_MESSAGE_LENGTH - marker.length()) + marker;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PromiseResult)) {
            return false;
        }
        PromiseResult other = (PromiseResult) o;
        return status == other.status && message.equals(other.message)
                && Objects.equals(details, other.details) && perfdata.equals(other.perfdata)
                && Objects.equals(description, other.description) && Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, message, details, perfdata);
    }

    @Override
    public String toString() {
        return status + ": " + message;
    }
}
