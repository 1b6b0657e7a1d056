package io.promisemonitor.web.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.promisemonitor.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes entries of an Apache htpasswd file; new passwords are always bcrypt ({@code $2y$}). */
public final class HtpasswdFile {

    /** Apache's htpasswd default for bcrypt. */
    static final int BCRYPT_COST = 10;

    private HtpasswdFile() {
    }

    /** Adds {@code user} or replaces its entry, keeping every other line as it was. */
    public static void setUser(Path file, String user, char[] password) {
        if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("user name '" + user + "' is not allowed; allowed: a non-empty name"
                    + " without ':' or spaces");
        }
        String hash = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hashToChar(BCRYPT_COST, password));
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(user + ":")) {
                    if (!replaced) {
                        lines.add(user + ":" + hash);
                        replaced = true;
                    }
                } else {
                    lines.add(line);
                }
            }
        } catch (NoSuchFileException e) {
            // a new file
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!replaced) {
            lines.add(user + ":" + hash);
        }
        AtomicFiles.write(file, String.join("\n", lines) + "\n");
    }
}
