package io.promisemonitor.core.status;

import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last result of one service, as kept in {@code public/<id>.status.json} with the SlapOS field names.
 * {@code changeDate} is when the current status began ("failing since"); it stays put while the status stays
 * the same. Dates are kept to the second, so what is written is what is read back.
 *
 * <pre>{@code
 * ServiceStatus s = ServiceStatus.builder("disk").result(PromiseResult.ok("fine"))
 *         .startDate(now).changeDate(now).build();
 * }</pre>
 */
public final class ServiceStatus {

    private final String id;
    private final String title;
    private final Status status;
    private final String message;
    private final String details;
    private final String description;
    private final String error;
    private final OffsetDateTime startDate;
    private final OffsetDateTime changeDate;
    private final OffsetDateTime validUntil;
    private final Duration executionTime;
    private final Integer returncode;
    private final List<Perfdata> perfdata;
    private final Map<String, String> links;
    private final Quieting quieting;

    private ServiceStatus(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.title = b.title == null || b.title.isEmpty() ? b.id : b.title;
        this.status = Objects.requireNonNull(b.status, "status");
        this.message = Objects.requireNonNull(b.message, "message");
        this.details = b.details == null || b.details.isEmpty() ? null : b.details;
        this.description = b.description == null || b.description.isEmpty() ? null : b.description;
        this.error = b.error == null || b.error.isEmpty() ? null : b.error;
        this.startDate = Objects.requireNonNull(b.startDate, "startDate").truncatedTo(ChronoUnit.SECONDS);
        this.changeDate = Objects.requireNonNull(b.changeDate, "changeDate").truncatedTo(ChronoUnit.SECONDS);
        this.validUntil = b.validUntil == null ? null : b.validUntil.truncatedTo(ChronoUnit.SECONDS);
        this.executionTime = b.executionTime.isNegative() ? Duration.ZERO : b.executionTime.truncatedTo(ChronoUnit.MILLIS);
        this.returncode = b.returncode;
        this.perfdata = List.copyOf(b.perfdata);
        this.links = Collections.unmodifiableMap(new LinkedHashMap<>(b.links));
        this.quieting = Objects.requireNonNull(b.quieting, "quieting");
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.title = title;
        b.status = status;
        b.message = message;
        b.details = details;
        b.description = description;
        b.error = error;
        b.startDate = startDate;
        b.changeDate = changeDate;
        b.validUntil = validUntil;
        b.executionTime = executionTime;
        b.returncode = returncode;
        b.perfdata = perfdata;
        b.links.putAll(links);
        b.quieting = quieting;
        return b;
    }

    /** The service name: the {@code .cfg} file's base name. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Status status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** Longer output (further lines, stderr), or null. */
    public String details() {
        return details;
    }

    /** The {@code description} a SlapOS JSON promise printed, or null. */
    public String description() {
        return description;
    }

    /** The {@code error} a SlapOS JSON promise printed, or null. */
    public String error() {
        return error;
    }

    public OffsetDateTime startDate() {
        return startDate;
    }

    /** When the current status began; older than {@link #startDate()} while the status holds. */
    public OffsetDateTime changeDate() {
        return changeDate;
    }

    /**
     * When a reader must take this status for STALE (no newer run came): what {@code Staleness} says for its
     * service's schedule and timeout, written with it so that any reader can judge freshness; null when unknown.
     */
    public OffsetDateTime validUntil() {
        return validUntil;
    }

    /** Milliseconds precision. */
    public Duration executionTime() {
        return executionTime;
    }

    /** The promise process's exit code, or null when there was none (a built-in, or a process that never ran). */
    public Integer returncode() {
        return returncode;
    }

    public List<Perfdata> perfdata() {
        return perfdata;
    }

    /** HAL links, relation name to href, in the order written. */
    public Map<String, String> links() {
        return links;
    }

    /** Silence, dependencies, an unconfirmed change, flapping: {@link Quieting#NONE} when none holds. */
    public Quieting quieting() {
        return quieting;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServiceStatus)) {
            return false;
        }
        ServiceStatus other = (ServiceStatus) o;
        return id.equals(other.id) && title.equals(other.title) && status == other.status
                && message.equals(other.message) && Objects.equals(details, other.details)
                && Objects.equals(description, other.description) && Objects.equals(error, other.error)
                && startDate.equals(other.startDate) && changeDate.equals(other.changeDate)
                && Objects.equals(validUntil, other.validUntil)
                && executionTime.equals(other.executionTime) && Objects.equals(returncode, other.returncode)
                && perfdata.equals(other.perfdata) && links.equals(other.links) && quieting.equals(other.quieting);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, status, message, startDate, changeDate);
    }

    @Override
    public String toString() {
        return id + " " + status + " since " + changeDate + ": " + message;
    }

    public static final class Builder {
        private final String id;
        private String title;
        private Status status;
        private String message;
        private String details;
        private String description;
        private String error;
        private OffsetDateTime startDate;
        private OffsetDateTime changeDate;
        private OffsetDateTime validUntil;
        private Duration executionTime = Duration.ZERO;
        private Integer returncode;
        private List<Perfdata> perfdata = List.of();
        private final Map<String, String> links = new LinkedHashMap<>();
        private Quieting quieting = Quieting.NONE;

        private Builder(String id) {
            this.id = id;
        }

        /** Status, message, details and perfdata from one promise result. */
        public Builder result(PromiseResult result) {
            this.status = result.status();
            this.message = result.message();
            this.details = result.details();
            this.description = result.description();
            this.error = result.error();
            this.perfdata = result.perfdata();
            return this;
        }

        /** SlapOS's {@code description} and {@code error} fields, or nulls. */
        public Builder slapOsFields(String newDescription, String newError) {
            this.description = newDescription;
            this.error = newError;
            return this;
        }

        public Builder title(String newTitle) {
            this.title = newTitle;
            return this;
        }

        public Builder status(Status newStatus) {
            this.status = newStatus;
            return this;
        }

        public Builder message(String newMessage) {
            this.message = newMessage;
            return this;
        }

        public Builder details(String newDetails) {
            this.details = newDetails;
            return this;
        }

        public Builder startDate(OffsetDateTime date) {
            this.startDate = date;
            return this;
        }

        public Builder changeDate(OffsetDateTime date) {
            this.changeDate = date;
            return this;
        }

        public Builder validUntil(OffsetDateTime date) {
            this.validUntil = date;
            return this;
        }

        public Builder executionTime(Duration time) {
            this.executionTime = Objects.requireNonNull(time, "executionTime");
            return this;
        }

        public Builder returncode(Integer code) {
            this.returncode = code;
            return this;
        }

        public Builder perfdata(List<Perfdata> data) {
            this.perfdata = List.copyOf(data);
            return this;
        }

        public Builder link(String relation, String href) {
            links.put(relation, href);
            return this;
        }

        public Builder quieting(Quieting newQuieting) {
            this.quieting = Objects.requireNonNull(newQuieting, "quieting");
            return this;
        }

        public Builder clearLinks() {
            links.clear();
            return this;
        }

        public ServiceStatus build() {
            return new ServiceStatus(this);
        }
    }
}
