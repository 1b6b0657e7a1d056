package io.promisemonitor.core.heartbeat;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One ping of a job: {@code /hb/<token>} (success), {@code /start}, {@code /fail} or {@code /<exit-code>} (0 is a
 * success, 1 to 255 a failure).
 *
 * @param firstLine the first non-blank line of the request body, cut to {@link #MAX_LINE} characters; may be empty
 */
public record Ping(Kind kind, OptionalInt exitCode, Instant at, String firstLine) {

    public static final int MAX_LINE = 200;

    public enum Kind {
        SUCCESS, START, FAIL
    }

    public Ping {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(at, "at");
        firstLine = firstLine(firstLine == null ? "" : firstLine);
    }

    /** {@code success}, {@code start}, {@code fail}, {@code exit code 3}. */
    public String describe() {
        if (exitCode.isPresent()) {
            return kind == Kind.SUCCESS ? "success (exit code 0)" : "failure (exit code " + exitCode.getAsInt() + ")";
        }
        return kind == Kind.SUCCESS ? "success" : kind == Kind.START ? "start" : "failure";
    }

    /** The first non-blank line of {@code text}, control characters as spaces, at most {@link #MAX_LINE} long. */
    public static String firstLine(String text) {
        for (String line : text.split("\n", 50)) {
            String clean = line.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                    .strip();
            if (!clean.isEmpty()) {
                if (clean.length() > MAX_LINE) {
                    int end = MAX_LINE - 3;
                    if (Character.isHighSurrogate(clean.charAt(end - 1))) {
                        end--;
                    }
                    return clean.substring(0, end) + "...";
                }
                return clean;
            }
        }
        return "";
    }
}
