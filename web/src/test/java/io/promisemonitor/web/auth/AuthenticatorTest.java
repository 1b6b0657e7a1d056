package io.promisemonitor.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    @TempDir
    Path dir;

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes());
    }

    @Test
    void aCheckThatMustHashAsksForABlockingThreadThenIsRememberedUntilThePasswordChanges() {
        Path file = dir.resolve("htpasswd");
        HtpasswdFile.setUser(file, "admin", "first".toCharArray());
        Authenticator auth = new Authenticator(file, MutableClock.at("2026-11-21T10:00:30Z"));

        assertThat(auth.check(basic("admin:first"), "10.0.0.1", false).outcome())
                .isEqualTo(Authenticator.Outcome.NEEDS_HASHING);
        assertThat(auth.check(basic("admin:first"), "10.0.0.1", true).user()).isEqualTo("admin");
        assertThat(auth.check(basic("admin:first"), "10.0.0.1", false).outcome())
                .isEqualTo(Authenticator.Outcome.ALLOWED);

        HtpasswdFile.setUser(file, "admin", "second".toCharArray());
        assertThat(auth.check(basic("admin:first"), "10.0.0.1", false).outcome())
                .isEqualTo(Authenticator.Outcome.NEEDS_HASHING);
        assertThat(auth.check(basic("admin:first"), "10.0.0.1", true).outcome())
                .isEqualTo(Authenticator.Outcome.REFUSED);
        assertThat(auth.failures()).isEqualTo(1);
    }

    @Test
    void anUnknownUserIsRefusedLikeAWrongPassword() {
        Path file = dir.resolve("htpasswd");
        HtpasswdFile.setUser(file, "admin", "pw".toCharArray());
        Authenticator auth = new Authenticator(file, MutableClock.at("2026-11-21T10:00:30Z"));

        assertThat(auth.check(basic("nobody:pw"), "10.0.0.1", true).outcome())
                .isEqualTo(Authenticator.Outcome.REFUSED);
        assertThat(auth.check(null, "10.0.0.1", true).outcome()).isEqualTo(Authenticator.Outcome.MISSING);
    }
}
