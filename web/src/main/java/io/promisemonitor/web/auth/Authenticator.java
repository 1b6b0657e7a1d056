package io.promisemonitor.web.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Basic authentication against an htpasswd file, without any HTTP server type. A bcrypt check costs tens
 * of milliseconds, so a successful one is remembered (as a keyed hash of the credentials, never the password)
 * until the user's entry changes; a check that must hash is reported as such when the caller may not block.
 */
public final class Authenticator {

    /** What became of a request's credentials. */
    public enum Outcome {
        /** Good credentials. */
        ALLOWED,
        /** No Basic credentials: ask for them (401). */
        MISSING,
        /** An Authorization header that is not valid Basic (400). */
        MALFORMED,
        /** Too many wrong passwords for this user from this client (429, retry later). */
        THROTTLED,
        /** The password file is missing, unreadable or empty (503). */
        UNAVAILABLE,
        /** Wrong user or password (401, answered late). */
        REFUSED,
        /** Checking needs a password hash: ask again on a thread that may block. */
        NEEDS_HASHING
    }

    /** The outcome, the user when allowed, how long to wait when throttled. */
    public record Decision(Outcome outcome, String user, Duration retryAfter) {
        static Decision of(Outcome outcome) {
            return new Decision(outcome, null, null);
        }
    }

    static final int MAX_HEADER = 4096;
    private static final int MAX_REMEMBERED = 1024;
    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web");
    /** What a refused password was checked against when its user did not exist. */
    private static final String NO_SUCH_USER = "";

    private final Htpasswd htpasswd;
    private final LoginThrottle throttle;
    private final LoginLog log;
    private final SecretKeySpec key;
    private final Map<String, String> remembered = new ConcurrentHashMap<>();
    /**
     * Wrong credentials, with the hash they were checked against: sent again unchanged (a scraper with a stale
     * password) they are refused without a check and without using up their pair's checks, since the answer
     * tells the sender nothing new. So one misconfigured job does not throttle a good one with the same user.
     */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();

    public Authenticator(Path htpasswdFile, Clock clock) {
        this.htpasswd = new Htpasswd(htpasswdFile);
        this.throttle = new LoginThrottle(clock);
        this.log = new LoginLog(clock);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public Path file() {
        return htpasswd.file();
    }

    /** Failed logins since start, for /metrics. */
    public long failures() {
        return failures.get();
    }

    /** Password hashes computed since start: what the throttle bounds. */
    long checks() {
        return checks.get();
    }

    /**
     * Checks one request's {@code Authorization} header.
     *
     * @param client the client's address: failures are counted per client and user
     * @param mayHash whether this thread may spend time hashing a password
     */
    public Decision check(String authorization, String client, boolean mayHash) {
        if (authorization == null || authorization.isBlank()) {
            return Decision.of(Outcome.MISSING);
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return header.toLowerCase(Locale.ROOT).equals("basic") ? Decision.of(Outcome.MALFORMED)
                    : Decision.of(Outcome.MISSING);
        }
        if (header.length() > MAX_HEADER) {
            return Decision.of(Outcome.MALFORMED);
        }
        String credentials;
        try {
            credentials = text(Base64.getDecoder().decode(header.substring(space + 1).strip()));
        } catch (IllegalArgumentException e) {
            return Decision.of(Outcome.MALFORMED);
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return Decision.of(Outcome.MALFORMED);
        }
        String user = credentials.substring(0, colon);
        byte[] password = credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        Optional<Duration> blocked = throttle.blocked(client, user);
        if (blocked.isPresent()) {
            return throttled(client, user, blocked.get());
        }
        Htpasswd.Users users = htpasswd.current();
        if (users.problem() != null) {
            return Decision.of(Outcome.UNAVAILABLE);
        }
        String hash = users.hashes().get(user);
        String fingerprint = fingerprint(user, password);
        if (hash != null && hash.equals(remembered.get(fingerprint))) {
            return new Decision(Outcome.ALLOWED, user, null);
        }
        String against = hash == null ? NO_SUCH_USER : hash;
        if (against.equals(refused.get(fingerprint))) {
            return refused(client, user);
        }
        if (!mayHash) {
            return Decision.of(Outcome.NEEDS_HASHING);
        }
        // Taken only now, on the thread that hashes, so that simultaneous attempts cannot all pass the check above.
        Optional<Duration> wait = throttle.tryCheck(client, user);
        if (wait.isPresent()) {
            return throttled(client, user, wait.get());
        }
        boolean good = false;
        try {
            checks.incrementAndGet();
            good = PasswordCheck.matches(hash == null ? PasswordCheck.decoy() : hash, password) && hash != null;
        } finally {
            throttle.done(client, user, !good);
        }
        if (!good) {
            remember(refused, fingerprint, against);
            return refused(client, user);
        }
        remember(remembered, fingerprint, hash);
        return new Decision(Outcome.ALLOWED, user, null);
    }

    private Decision refused(String client, String user) {
        failures.incrementAndGet();
        log.failed(client, user).ifPresent(line -> LOG.log(System.Logger.Level.WARNING, line));
        return Decision.of(Outcome.REFUSED);
    }

    private Decision throttled(String client, String user, Duration retryAfter) {
        log.throttled(client, user, retryAfter).ifPresent(line -> LOG.log(System.Logger.Level.WARNING, line));
        return new Decision(Outcome.THROTTLED, null, retryAfter);
    }

    private static void remember(Map<String, String> map, String fingerprint, String hash) {
        if (map.size() >= MAX_REMEMBERED) {
            map.clear();
        }
        map.put(fingerprint, hash);
    }

    /** How long a refused attempt waits before its answer. */
    public Duration failureDelay() {
        return LoginThrottle.DELAY;
    }

    /** UTF-8, as announced in the challenge; older clients send ISO-8859-1. */
    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private String fingerprint(String user, byte[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
