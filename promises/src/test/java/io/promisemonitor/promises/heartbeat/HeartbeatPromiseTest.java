package io.promisemonitor.promises.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.heartbeat.HeartbeatFiles;
import io.promisemonitor.core.heartbeat.Ping;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.StandaloneContext;
import io.promisemonitor.promises.TestContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heartbeat promise's judgement of the pings in its state folder, written here as the web process writes them,
 * time driven by a settable clock. The pings through the real server: cli's HeartbeatEndToEndTest.
 */
class HeartbeatPromiseTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");

    private Promise promise(String... options) {
        Options o = Options.of("hb.cfg [promise]");
        for (int i = 0; i + 1 < options.length; i += 2) {
            o.add(options[i], options[i + 1]);
        }
        return new HeartbeatPromise().create(o.build());
    }

    private StandaloneContext context() {
        return TestContexts.in(dir, clock);
    }

    private void ping(Ping.Kind kind, String body) {
        HeartbeatFiles.in(context().stateFolder()).record(new Ping(kind, OptionalInt.empty(), clock.instant(), body));
    }

    private void ping(int exitCode, String body) {
        HeartbeatFiles.in(context().stateFolder()).record(new Ping(exitCode == 0 ? Ping.Kind.SUCCESS
                : Ping.Kind.FAIL, OptionalInt.of(exitCode), clock.instant(), body));
    }

    @Test
    void theFirstRunMakesAPrivateTokenOfAtLeastTwentyCharactersAndWaitsForTheFirstPing() throws Exception {
        Promise hb = promise("period", "1h", "grace", "5m");

        PromiseResult result = hb.check(context());

        assertThat(result).isEqualTo(PromiseResult.ok("no ping yet; the first success is due by 2026-11-21T11:00:00Z"
                + " (grace 5m); get the URL with: monitor heartbeat-url test"));
        Path token = dir.resolve("state/heartbeat.token");
        assertThat(Files.readString(token).strip()).matches("[A-Za-z0-9_-]{32}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
        String first = Files.readString(token);
        hb.check(context());
        assertThat(token).hasContent(first);
    }

    @Test
    void noPingAtAllIsLateAfterPeriodAndGraceFromTheFirstRunEvenAfterARestart() throws Exception {
        promise("period", "1h", "grace", "5m").check(context());
        clock.advance(Duration.ofMinutes(65));
        assertThat(promise("period", "1h", "grace", "5m").check(context()).status()).isEqualTo(Status.OK);

        clock.advance(Duration.ofSeconds(1));
        PromiseResult result = promise("period", "1h", "grace", "5m").check(context());

        assertThat(result).isEqualTo(PromiseResult.error("late: no success ping since the watch began at"
                + " 2026-11-21T10:00:00Z, the first was due by 2026-11-21T11:00:00Z plus grace 5m"));
    }

    @Test
    void aSuccessShowsItsFirstLineAndIsLateOnlyBeyondPeriodPlusGrace() throws Exception {
        Promise hb = promise("period", "1h", "grace", "5m");
        hb.check(context());
        clock.advance(Duration.ofMinutes(30));
        ping(Ping.Kind.SUCCESS, "\n  backup done: 3.2 GB\nsecond line\n");

        PromiseResult ok = hb.check(context());
        clock.advance(Duration.ofMinutes(65));
        PromiseResult stillOk = hb.check(context());
        clock.advance(Duration.ofSeconds(1));
        PromiseResult late = hb.check(context());

        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.message()).isEqualTo("last ping: success at 2026-11-21T10:30:00Z: \"backup done: 3.2 GB\";"
                + " next success due by 2026-11-21T11:30:00Z (grace 5m)");
        assertThat(ok.perfdata()).extracting(p -> p.label() + "=" + p.value()).containsExactly("since success=0.0");
        assertThat(stillOk.status()).isEqualTo(Status.OK);
        assertThat(late).extracting(PromiseResult::status, PromiseResult::message).containsExactly(Status.ERROR,
                "late: no success since 2026-11-21T10:30:00Z, due by 2026-11-21T11:30:00Z plus grace 5m");
    }

    @Test
    void aStartedRunIsFineWithinGraceThenWarningThenErrorWhenTheSuccessIsLate() throws Exception {
        Promise hb = promise("period", "1h", "grace", "10m");
        ping(Ping.Kind.SUCCESS, "");
        clock.advance(Duration.ofMinutes(55));
        ping(Ping.Kind.START, "starting backup");

        clock.advance(Duration.ofMinutes(10));
        PromiseResult running = hb.check(context());
        clock.advance(Duration.ofMinutes(1));
        PromiseResult tooLong = hb.check(context());
        clock.advance(Duration.ofMinutes(5));
        PromiseResult late = hb.check(context());

        assertThat(running).isEqualTo(PromiseResult.ok("last ping: start at 2026-11-21T10:55:00Z: \"starting"
                + " backup\"; last success at 2026-11-21T10:00:00Z; next success due by 2026-11-21T11:00:00Z"
                + " (grace 10m)").withPerfdata(running.perfdata()));
        assertThat(tooLong.status()).isEqualTo(Status.WARNING);
        assertThat(tooLong.message()).isEqualTo("a run started at 2026-11-21T10:55:00Z is still going after 11m,"
                + " longer than grace 10m; last success at 2026-11-21T10:00:00Z");
        assertThat(late.status()).isEqualTo(Status.ERROR);
        assertThat(late.message()).isEqualTo("late: no success since 2026-11-21T10:00:00Z, due by"
                + " 2026-11-21T11:00:00Z plus grace 10m; last ping: start at 2026-11-21T10:55:00Z: \"starting"
                + " backup\"");
    }

    @Test
    void aFailOrANonZeroExitCodeIsErrorUntilTheNextSuccess() throws Exception {
        Promise hb = promise("period", "1h", "grace", "5m");
        ping(Ping.Kind.FAIL, "");
        assertThat(hb.check(context()).message()).isEqualTo("the job reported failure at 2026-11-21T10:00:00Z; no"
                + " success yet");

        clock.advance(Duration.ofMinutes(1));
        ping(3, "rsync: connection unexpectedly closed");
        PromiseResult failed = hb.check(context());
        clock.advance(Duration.ofMinutes(1));
        ping(0, "");
        PromiseResult recovered = hb.check(context());

        assertThat(failed).extracting(PromiseResult::status, PromiseResult::message).containsExactly(Status.ERROR,
                "the job reported failure (exit code 3) at 2026-11-21T10:01:00Z: \"rsync: connection unexpectedly"
                        + " closed\"; no success yet");
        assertThat(recovered).extracting(PromiseResult::status, PromiseResult::message).containsExactly(Status.OK,
                "last ping: success (exit code 0) at 2026-11-21T10:02:00Z; next success due by"
                        + " 2026-11-21T11:02:00Z (grace 5m)");
    }

    @Test
    void aCronPeriodExpectsTheNextFiringAfterTheLastSuccess() throws Exception {
        Promise hb = promise("period", "0 3 * * *", "grace", "30m");
        clock.set(java.time.Instant.parse("2026-11-21T03:10:00Z"));
        ping(Ping.Kind.SUCCESS, "");

        clock.set(java.time.Instant.parse("2026-11-22T03:30:00Z"));
        PromiseResult due = hb.check(context());
        clock.set(java.time.Instant.parse("2026-11-22T03:30:01Z"));
        PromiseResult late = hb.check(context());

        assertThat(due.message()).isEqualTo("last ping: success at 2026-11-21T03:10:00Z; next success due by"
                + " 2026-11-22T03:00:00Z (grace 30m)");
        assertThat(late.message()).isEqualTo("late: no success since 2026-11-21T03:10:00Z, due by"
                + " 2026-11-22T03:00:00Z plus grace 30m");
    }

    @Test
    void aBadPeriodSaysWhatIsAllowed() {
        assertThatThrownBy(() -> promise("period", "daily"))
                .hasMessageStartingWith("hb.cfg [promise]: option 'period' is 'daily', allowed: a duration such as 1h"
                        + " or 1d, or a cron expression such as 0 3 * * * or @daily (as cron: ");
        assertThatThrownBy(() -> promise("period", "0s")).hasMessage("hb.cfg [promise]: option 'period' is '0s',"
                + " allowed: a duration from 1s to 366d, such as 1h or 1d, or a cron expression such as 0 3 * * *");
        assertThatThrownBy(() -> promise("period", "999999999d")).hasMessage("hb.cfg [promise]: option 'period' is"
                + " '999999999d', allowed: a duration from 1s to 366d, such as 1h or 1d, or a cron expression such as"
                + " 0 3 * * *");
        assertThatThrownBy(() -> promise("grace", "999999999d")).hasMessage("hb.cfg [promise]: option 'grace' is"
                + " '999999999d', allowed: a duration up to 366d");
        assertThatThrownBy(() -> promise("grace", "soon")).hasMessage("hb.cfg [promise]: option 'grace': 'soon' is"
                + " not a duration; allowed: a whole number with a unit ms, s, m, h or d, such as 20s, 5m, 1h");
    }
}
