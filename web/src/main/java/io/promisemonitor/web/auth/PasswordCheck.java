package io.promisemonitor.web.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * Checks a password against one htpasswd hash in the formats Apache's {@code htpasswd} writes: bcrypt
 * ({@code $2y$}, {@code -B}), APR1-MD5 ({@code $apr1$}, {@code -m}, its default), SHA-1 ({@code {SHA}}, {@code -s})
 * and SHA-256/512-crypt ({@code $5$}, {@code $6$}, {@code -2}, {@code -5}). Comparisons take the same time
 * whatever the bytes; crypt(3) DES and plain text are refused.
 */
final class PasswordCheck {

    /** Apache truncates bcrypt passwords at 72 bytes, as bcrypt itself does; so must we to agree with it. */
    private static final BCrypt.Verifyer BCRYPT = BCrypt.verifyer(BCrypt.Version.VERSION_2Y,
            LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));

    /** A bcrypt hash of a random password, checked for unknown users so that they cost as much as known ones. */
    private static volatile String decoy;

    private PasswordCheck() {
    }

    /** Why {@code hash} cannot be checked, or null when its format is supported. */
    static String unsupported(String hash) {
        if (hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$")
                || hash.startsWith("$apr1$") || hash.startsWith("{SHA}") || hash.startsWith("$5$")
                || hash.startsWith("$6$")) {
            return null;
        }
        return "a password format this monitor does not accept (crypt or plain text); allowed: bcrypt, APR1-MD5,"
                + " SHA-1, SHA-256/512-crypt: set it again with 'monitor passwd' or 'htpasswd -B'";
    }

    static String decoy() {
        String d = decoy;
        if (d == null) {
            byte[] random = new byte[16];
            new java.security.SecureRandom().nextBytes(random);
            d = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(HtpasswdFile.BCRYPT_COST,
                    Base64.getEncoder().encodeToString(random).toCharArray());
            decoy = d;
        }
        return d;
    }

    static boolean matches(String hash, byte[] password) {
        try {
            if (hash.startsWith("$2")) {
                return BCRYPT.verify(password, hash.getBytes(StandardCharsets.UTF_8)).verified;
            }
            if (hash.startsWith("$apr1$")) {
                return same(Md5Crypt.apr1Crypt(password, hash), hash);
            }
            if (hash.startsWith("$5$")) {
                return same(Sha2Crypt.sha256Crypt(password, hash), hash);
            }
            if (hash.startsWith("$6$")) {
                return same(Sha2Crypt.sha512Crypt(password, hash), hash);
            }
            if (hash.startsWith("{SHA}")) {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(password);
                return same("{SHA}" + Base64.getEncoder().encodeToString(digest), hash);
            }
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            // a damaged hash matches nothing
            return false;
        }
        return false;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
