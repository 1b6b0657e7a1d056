package io.promisemonitor.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The log lines about failed and throttled logins: at most one per client address and {@link #EVERY}, so that a
 * guessing client cannot fill the disk. The first event from an address is logged at once; the ones held back after
 * it are counted in that address's next line. Bounded: at most {@link #MAX_CLIENTS} addresses are remembered.
 */
final class LoginLog {

    static final Duration EVERY = Duration.ofMinutes(1);
    static final int MAX_CLIENTS = 10_000;
    static final int MAX_USER_SHOWN = 64;

    private static final class Client {
        Instant lastLine;
        int failed;
        int throttled;
    }

    private final Clock clock;
    private final Map<String, Client> clients = new LinkedHashMap<>();

    LoginLog(Clock clock) {
        this.clock = clock;
    }

    /** The line to log for a wrong password, if this address may have one now. */
    Optional<String> failed(String client, String user) {
        return event(client, "failed login from " + client + " for user " + shown(user), false);
    }

    /** The line to log for an attempt refused with 429, if this address may have one now. */
    Optional<String> throttled(String client, String user, Duration retryAfter) {
        return event(client, "login from " + client + " for user " + shown(user) + " refused with 429 without a"
                + " check: its " + LoginThrottle.LIMIT + " checks for wrong passwords in "
                + LoginThrottle.WINDOW.toSeconds() + "s are used up; retry in " + Math.max(1, retryAfter.toSeconds())
                + "s", true);
    }

    private synchronized Optional<String> event(String address, String text, boolean throttled) {
        Instant now = clock.instant();
        Client c = clients.remove(address);
        if (c == null) {
            c = new Client();
        }
        clients.put(address, c);
        if (clients.size() > MAX_CLIENTS) {
            Iterator<String> oldest = clients.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        if (c.lastLine != null && now.isBefore(c.lastLine.plus(EVERY))) {
            if (throttled) {
                c.throttled++;
            } else {
                c.failed++;
            }
            return Optional.empty();
        }
        String line = text;
        if (c.failed + c.throttled > 0) {
            line += "; since " + c.lastLine.truncatedTo(ChronoUnit.SECONDS) + " also " + c.failed
                    + " failed and " + c.throttled + " throttled from this address (one line per address and "
                    + EVERY.toSeconds() + "s)";
        }
        c.lastLine = now;
        c.failed = 0;
        c.throttled = 0;
        return Optional.of(line);
    }

    /** Quoted, cut, and without control characters: a user name is whatever the client sent. */
    static String shown(String user) {
        StringBuilder b = new StringBuilder("'");
        user.codePoints().limit(MAX_USER_SHOWN).forEach(cp -> {
            if (Character.isISOControl(cp) || cp == '\'' || cp == '\\') {
                b.append(String.format("\\x%02x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        b.append('\'');
        if (user.codePointCount(0, user.length()) > MAX_USER_SHOWN) {
            b.append(" (cut at ").append(MAX_USER_SHOWN).append(" characters)");
        }
        return b.toString();
    }
}
