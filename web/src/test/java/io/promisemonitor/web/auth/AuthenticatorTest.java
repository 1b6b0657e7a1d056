package io.promisemonitor.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.web.auth.Authenticator.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");

    /** {@code admin} and {@code other}, each with the password "right". */
    private Authenticator twoUsers() {
        Path file = dir.resolve("htpasswd");
        HtpasswdFile.setUser(file, "admin", "right".toCharArray());
        HtpasswdFile.setUser(file, "other", "right".toCharArray());
        return new Authenticator(file, clock);
    }

    private static Outcome outcome(Authenticator auth, String credentials, String client) {
        return auth.check(basic(credentials), client, true).outcome();
    }

    private static void tenWrongPasswords(Authenticator auth, String client) {
        for (int i = 0; i < 10; i++) {
            assertThat(outcome(auth, "admin:guess " + i, client)).as("guess %d", i).isEqualTo(Outcome.REFUSED);
        }
    }

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

    @Test
    void theEleventhWrongPasswordInAMinuteIsA429MadeWithoutACheckAndSoIsTheRightOne() {
        Authenticator auth = twoUsers();

        tenWrongPasswords(auth, "10.0.0.1");
        Authenticator.Decision eleventh = auth.check(basic("admin:guess 10"), "10.0.0.1", true);
        Outcome right = outcome(auth, "admin:right", "10.0.0.1");

        assertThat(eleventh.outcome()).isEqualTo(Outcome.THROTTLED);
        assertThat(eleventh.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(right).isEqualTo(Outcome.THROTTLED);
        assertThat(auth.checks()).isEqualTo(10);
        assertThat(auth.failures()).isEqualTo(10);
    }

    @Test
    void someoneElsesWrongPasswordsNeverSlowAnotherUserOrTheSameUserFromAnotherAddress() {
        Authenticator auth = twoUsers();
        tenWrongPasswords(auth, "10.0.0.1");

        assertThat(outcome(auth, "admin:right", "10.0.0.2")).isEqualTo(Outcome.ALLOWED);
        assertThat(outcome(auth, "other:right", "10.0.0.1")).isEqualTo(Outcome.ALLOWED);
        assertThat(outcome(auth, "admin:right", "10.0.0.1")).isEqualTo(Outcome.THROTTLED);
    }

    @Test
    void aThrottledPairRecoversByItselfAMinuteAfterItsWrongPasswords() {
        Authenticator auth = twoUsers();
        for (int i = 0; i < 10; i++) {
            assertThat(outcome(auth, "admin:guess " + i, "10.0.0.1")).isEqualTo(Outcome.REFUSED);
            clock.advance(Duration.ofSeconds(1));
        }

        // the first wrong one was 10 s ago: one check comes free 50 s from now, all of them 59 s from now
        assertThat(auth.check(basic("admin:right"), "10.0.0.1", true).retryAfter()).isEqualTo(Duration.ofSeconds(50));
        clock.advance(Duration.ofSeconds(49));
        assertThat(outcome(auth, "admin:right", "10.0.0.1")).isEqualTo(Outcome.THROTTLED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(outcome(auth, "admin:right", "10.0.0.1")).isEqualTo(Outcome.ALLOWED);
        assertThat(auth.checks()).isEqualTo(11);
    }

    @Test
    void aBurstOfSimultaneousWrongPasswordsGetsTenChecksAndTheRestA429() throws Exception {
        Authenticator auth = twoUsers();
        int attempts = 40;
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String credentials = "admin:burst " + i;
                answers.add(threads.submit(() -> {
                    start.await();
                    return outcome(auth, credentials, "10.0.0.1");
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> a : answers) {
                outcomes.add(a.get(60, TimeUnit.SECONDS));
            }

            assertThat(outcomes).filteredOn(o -> o == Outcome.REFUSED).hasSize(10);
            assertThat(outcomes).filteredOn(o -> o == Outcome.THROTTLED).hasSize(attempts - 10);
            assertThat(auth.checks()).isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aStaleWrongPasswordSentAgainAndAgainIsRefusedWithoutUsingUpTheChecksOfAGoodJob() {
        Authenticator auth = twoUsers();

        // one scraper with an old password every second for a minute, and a good one beside it
        for (int i = 0; i < 60; i++) {
            assertThat(outcome(auth, "admin:old password", "10.0.0.1")).isEqualTo(Outcome.REFUSED);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(outcome(auth, "admin:right", "10.0.0.1")).isEqualTo(Outcome.ALLOWED);
        assertThat(auth.checks()).isEqualTo(2);
        assertThat(auth.failures()).isEqualTo(60);

        // once the password is set to it, the old one is checked again
        HtpasswdFile.setUser(dir.resolve("htpasswd"), "admin", "old password".toCharArray());
        assertThat(outcome(auth, "admin:old password", "10.0.0.1")).isEqualTo(Outcome.ALLOWED);
    }
}
