package io.promisemonitor.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Password checks per (client address, user name): at most {@link #LIMIT} that may turn out wrong within any
 * {@link #WINDOW}. A check under way counts as wrong until it is done, so a burst of simultaneous attempts cannot
 * get more checks than that; beyond it the pair is refused at once (nothing waits for a slot), and it is free again
 * {@link #WINDOW} after its last wrong password, by itself. Pairs never share a count: someone else's failures,
 * under another user name or from another address, never slow a login.
 *
 * <p>Memory is bounded: at most {@link #MAX_PAIRS} pairs are kept, the one idle longest dropped first, and a pair
 * without failures in the window is forgotten. Filling the table takes {@link #MAX_PAIRS} wrong checks within a
 * window, far more than a server hashing bcrypt passwords makes; a dropped pair only starts counting afresh.
 */
final class LoginThrottle {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration DELAY = Duration.ofSeconds(1);
    static final int MAX_PAIRS = 50_000;
    /** Longer names are kept as a digest, so that a 4 KiB user name costs no more memory than a short one. */
    static final int MAX_USER_KEPT = 64;

    /** The pair's wrong passwords still in the window (epoch milliseconds, oldest first) and its checks under way. */
    private static final class Pair {
        final long[] failed = new long[LIMIT];
        int count;
        int checking;

        void expire(long now) {
            int gone = 0;
            while (gone < count && failed[gone] + WINDOW.toMillis() <= now) {
                gone++;
            }
            if (gone > 0) {
                System.arraycopy(failed, gone, failed, 0, count - gone);
                count -= gone;
            }
        }

        /** How long until one more check is allowed; zero when one is allowed now. */
        Duration untilFree(long now) {
            int over = count + checking - LIMIT + 1;
            if (over <= 0) {
                return Duration.ZERO;
            }
            if (over > count) {
                // only checks under way hold the slots: they end within a password hash or so
                return Duration.ofSeconds(1);
            }
            return Duration.ofMillis(failed[over - 1] + WINDOW.toMillis() - now);
        }

        void fail(long now) {
            if (count == LIMIT) {
                System.arraycopy(failed, 1, failed, 0, LIMIT - 1);
                count--;
            }
            failed[count++] = now;
        }
    }

    private final Clock clock;
    /** Least recently changed first, so that idle pairs are found and dropped from the head. */
    private final Map<String, Pair> pairs = new LinkedHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code user} from {@code client} must wait before its next check, when it must. */
    synchronized Optional<Duration> blocked(String client, String user) {
        long now = clock.millis();
        Pair p = pairs.get(key(client, user));
        if (p == null) {
            return Optional.empty();
        }
        p.expire(now);
        Duration wait = p.untilFree(now);
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /**
     * Takes one of the pair's checks: empty when the check may be made now, and {@link #done} must follow it;
     * otherwise how long until the pair may try again.
     */
    synchronized Optional<Duration> tryCheck(String client, String user) {
        long now = clock.millis();
        forgetIdle(now);
        String key = key(client, user);
        Pair p = pairs.remove(key);
        if (p == null) {
            p = new Pair();
        }
        p.expire(now);
        pairs.put(key, p);
        Duration wait = p.untilFree(now);
        if (!wait.isZero()) {
            return Optional.of(wait);
        }
        p.checking++;
        if (pairs.size() > MAX_PAIRS) {
            Iterator<String> oldest = pairs.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return Optional.empty();
    }

    /** Ends a check taken with {@link #tryCheck}; a wrong password stays counted for {@link #WINDOW}. */
    synchronized void done(String client, String user, boolean wrong) {
        long now = clock.millis();
        String key = key(client, user);
        Pair p = pairs.remove(key);
        if (p == null) {
            // dropped while its check ran, to keep the table's size
            p = new Pair();
        } else {
            p.checking = Math.max(0, p.checking - 1);
        }
        p.expire(now);
        if (wrong) {
            p.fail(now);
        }
        if (p.count > 0 || p.checking > 0) {
            pairs.put(key, p);
        }
    }

    synchronized int pairs() {
        return pairs.size();
    }

    private void forgetIdle(long now) {
        Iterator<Pair> it = pairs.values().iterator();
        while (it.hasNext()) {
            Pair p = it.next();
            p.expire(now);
            if (p.count > 0 || p.checking > 0) {
                return;
            }
            it.remove();
        }
    }

    private static String key(String client, String user) {
        String name = user.length() <= MAX_USER_KEPT ? user : "sha256:" + digest(user);
        return client + '\n' + name;
    }

    private static String digest(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
