package io.promisemonitor.core.heartbeat;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.core.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The two small files of one heartbeat service, in its promise state folder (private): its secret token, and the
 * last pings the web server received. The web process only writes pings; the promise only reads them; so no
 * promise runs in the web process and the web server needs no lock shared with the executor.
 *
 * <p>The token is made by whichever side needs it first, the promise's first run or {@code monitor heartbeat-url},
 * and never changes after: it is written complete to a temporary file, then hard-linked to its name, which fails
 * when the name exists, so two processes racing to create it agree on one token.
 *
 * <pre>{@code
 * HeartbeatFiles files = HeartbeatFiles.of(monitor, "backup");
 * String url = base + "hb/" + files.tokenOrCreate();
 * }</pre>
 */
public final class HeartbeatFiles {

    public static final String TOKEN_FILE = "heartbeat.token";
    public static final String PINGS_FILE = "heartbeat-pings.json";
    /** Tokens as made here (32 characters) or written by hand: URL-safe, hard to guess. */
    public static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,100}");
    /** 24 random bytes: 32 URL-safe characters, 192 bits. */
    private static final int TOKEN_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path folder;

    private HeartbeatFiles(Path folder) {
        this.folder = folder;
    }

    /** The files in a promise's own state folder ({@code PromiseContext.stateFolder()}). */
    public static HeartbeatFiles in(Path serviceStateFolder) {
        return new HeartbeatFiles(serviceStateFolder);
    }

    /**
     * The files of {@code service} of {@code monitor}: in {@code <state>/promise/<service>/}, the state folder the
     * executor gives each service's built-in (ServiceRunner), so the web process and the CLI find what the promise
     * sees.
     */
    public static HeartbeatFiles of(MonitorConfig monitor, String service) {
        return new HeartbeatFiles(monitor.promiseStateFolder(service));
    }

    public Path folder() {
        return folder;
    }

    public Path tokenFile() {
        return folder.resolve(TOKEN_FILE);
    }

    public Path pingsFile() {
        return folder.resolve(PINGS_FILE);
    }

    /** The token, when it was made and is well-formed. */
    public Optional<String> token() {
        try {
            String token = Files.readString(tokenFile(), StandardCharsets.UTF_8).strip();
            return TOKEN.matcher(token).matches() ? Optional.of(token) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The token, made now when there is none yet.
     *
     * @throws IllegalStateException when the token file exists but does not hold a token (edited by hand)
     */
    public String tokenOrCreate() {
        Optional<String> existing = token();
        if (existing.isPresent()) {
            return existing.get();
        }
        Path file = tokenFile();
        Path temp = null;
        try {
            Files.createDirectories(folder);
            temp = Files.createTempFile(folder, "." + TOKEN_FILE + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, newToken() + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                // another process made it first: theirs is the token
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the heartbeat token " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless and named after the token file
                }
            }
        }
        return token().orElseThrow(() -> new IllegalStateException(file + " does not hold a token; allowed: 20 to"
                + " 100 characters A-Z, a-z, 0-9, '-' or '_' (delete the file to get a new token)"));
    }

    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The pings received so far; none when the file is missing or unreadable (the next ping rewrites it). */
    public Pings pings() {
        Map<String, Object> root;
        try {
            root = Json.readObject(Files.readString(pingsFile(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Pings.NONE;
        }
        return new Pings(ping(root.get("success")), ping(root.get("start")), ping(root.get("failure")),
                ping(root.get("last")));
    }

    /**
     * Adds {@code ping} to the file, written atomically. Only the web process writes it; it serialises the writes
     * of one service itself.
     */
    public void record(Ping ping) {
        Pings pings = pings().with(ping);
        Json.Obj root = Json.object();
        put(root, "success", pings.lastSuccess());
        put(root, "start", pings.lastStart());
        put(root, "failure", pings.lastFailure());
        put(root, "last", pings.last());
        AtomicFiles.write(pingsFile(), Json.write(root));
    }

    private static void put(Json.Obj root, String key, Optional<Ping> ping) {
        if (ping.isEmpty()) {
            return;
        }
        Ping p = ping.get();
        Json.Obj n = root.putObject(key);
        n.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
        n.put("at", p.at().toString());
        if (p.exitCode().isPresent()) {
            n.put("exit-code", p.exitCode().getAsInt());
        }
        n.put("line", p.firstLine());
    }

    private static Optional<Ping> ping(Object value) {
        Map<String, Object> n = Json.asObject(value);
        if (n == null) {
            return Optional.empty();
        }
        try {
            Ping.Kind kind = Ping.Kind.valueOf(textOrEmpty(n, "kind").toUpperCase(java.util.Locale.ROOT));
            Instant at = Instant.parse(textOrEmpty(n, "at"));
            OptionalInt exit = n.get("exit-code") instanceof Integer code ? OptionalInt.of(code)
                    : OptionalInt.empty();
            return Optional.of(new Ping(kind, exit, at, textOrEmpty(n, "line")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String textOrEmpty(Map<String, Object> object, String key) {
        String text = Json.text(object, key);
        return text == null ? "" : text;
    }
}
