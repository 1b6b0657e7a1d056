package io.promisemonitor.web.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The users of an htpasswd file, read again whenever the file changes (size, modification time or inode), so
 * that {@code monitor passwd} or {@code htpasswd} take effect at once and a vanished file is noticed.
 */
final class Htpasswd {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web");

    /** The file as last read: its users (name to hash), or the problem that left none. */
    record Users(Map<String, String> hashes, String problem) {
    }

    private final Path file;
    private Object fingerprint = new Object();
    private Users users = new Users(Map.of(), "not read yet");

    Htpasswd(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized Users current() {
        Object now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException e) {
            now = "missing";
        } catch (IOException e) {
            now = "unreadable: " + e.getMessage();
        }
        if (!Objects.equals(now, fingerprint)) {
            users = read();
            fingerprint = now;
            if (users.problem() != null) {
                LOG.log(System.Logger.Level.WARNING, "htpasswd-file " + file + ": " + users.problem()
                        + "; logins are refused until it is fixed");
            } else {
                LOG.log(System.Logger.Level.INFO, "htpasswd-file " + file + ": " + users.hashes().size()
                        + " user(s)");
            }
        }
        return users;
    }

    private Users read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Users(Map.of(), "the file does not exist (create it with 'monitor passwd USER')");
        } catch (IOException e) {
            return new Users(Map.of(), "cannot be read: " + e.getMessage());
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        int number = 0;
        for (String line : lines) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                LOG.log(System.Logger.Level.WARNING, file + " line " + number + ": not 'user:hash'; ignored");
                continue;
            }
            String user = text.substring(0, colon);
            String hash = text.substring(colon + 1);
            String why = PasswordCheck.unsupported(hash);
            if (why != null) {
                LOG.log(System.Logger.Level.WARNING, file + " line " + number + ": user '" + user + "' has " + why);
                continue;
            }
            // Apache uses the first entry of a user
            hashes.putIfAbsent(user, hash);
        }
        if (hashes.isEmpty()) {
            return new Users(Map.of(), "no usable user in the file");
        }
        return new Users(Map.copyOf(hashes), null);
    }
}
