package io.promisemonitor.core.history;

import io.promisemonitor.core.promise.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Something worth telling about a service: its status changed, or a watchdog acted on it. Each becomes a line of
 * the service's history, an item of the feeds and, for a change, a notification. {@code id} is made once, when the
 * event happens, and kept in the journal, so a feed's guid never changes for the same event.
 *
 * @param previous the status before a change; null for the first result of a service, and for an action
 * @param status the status of the change; for an action, the service's status when it was taken (may be null)
 */
public record HistoryEvent(String id, String service, String title, Kind kind, Status status, Status previous,
        String message, Instant time) {

    public enum Kind {
        CHANGE, ACTION
    }

    public HistoryEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
        title = title == null || title.isEmpty() ? service : title;
    }

    /** The feed title: {@code [ERROR] Disk space on /srv}, {@code [ACTION] PageKite}. */
    public String headline() {
        String tag = kind == Kind.ACTION ? "ACTION" : status == null ? "UNKNOWN" : status.name();
        return "[" + tag + "] " + title;
    }

    /**
     * A stable id: a digest of what makes the event itself (service, kind, statuses, time, and the message of an
     * action, since two actions may share a second), prefixed with {@code salt} (the monitor's identity) so that
     * two monitors' feeds read side by side do not clash.
     */
    static String makeId(String salt, String service, Kind kind, Status status, Status previous, Instant time,
            String message) {
        String source = String.join("\n", salt, service, kind.name(), String.valueOf(status),
                String.valueOf(previous), time.toString(), kind == Kind.ACTION ? message : "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
