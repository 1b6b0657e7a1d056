package io.promisemonitor.web.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.heartbeat.HeartbeatFiles;
import io.promisemonitor.core.heartbeat.Ping;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver without a server: paths, lookups and answers. */
class HeartbeatReceiverTest {

    @TempDir
    Path dir;

    @Test
    void pathsAreReadAsHealthchecksShapesAndNothingElse() {
        String t = "abcdefghij0123456789_-";
        assertThat(HeartbeatReceiver.parse("/hb/" + t)).contains(new HeartbeatReceiver.Parsed(t, Ping.Kind.SUCCESS,
                OptionalInt.empty()));
        assertThat(HeartbeatReceiver.parse("/hb/" + t + "/start")).contains(new HeartbeatReceiver.Parsed(t,
                Ping.Kind.START, OptionalInt.empty()));
        assertThat(HeartbeatReceiver.parse("/hb/" + t + "/fail")).contains(new HeartbeatReceiver.Parsed(t,
                Ping.Kind.FAIL, OptionalInt.empty()));
        assertThat(HeartbeatReceiver.parse("/hb/" + t + "/0")).contains(new HeartbeatReceiver.Parsed(t,
                Ping.Kind.SUCCESS, OptionalInt.of(0)));
        assertThat(HeartbeatReceiver.parse("/hb/" + t + "/255")).contains(new HeartbeatReceiver.Parsed(t,
                Ping.Kind.FAIL, OptionalInt.of(255)));
        for (String bad : new String[] {"/hb/" + t + "/256", "/hb/" + t + "/007", "/hb/" + t + "/-1",
                "/hb/" + t + "/", "/hb/" + t + "/start/", "/hb/short", "/hb/" + t + ".", "/hb/" + "x".repeat(101),
                "/other/" + t}) {
            assertThat(HeartbeatReceiver.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void aKnownTokenIsRecordedAndAnUnknownOneAnsweredLikeAnyMissingPage() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("backup", "promise = heartbeat");
        String token = HeartbeatFiles.of(instance.monitor(), "backup").tokenOrCreate();
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        HeartbeatReceiver receiver = new HeartbeatReceiver(instance.monitor(), clock);

        HeartbeatReceiver.Answer known = receiver.receive("/hb/" + token + "/start",
                "go\n".getBytes(StandardCharsets.UTF_8));
        HeartbeatReceiver.Answer unknown = receiver.receive("/hb/" + "B".repeat(32), new byte[0]);

        assertThat(known.status()).isEqualTo(200);
        assertThat(HeartbeatFiles.of(instance.monitor(), "backup").pings().lastStart()).contains(new Ping(
                Ping.Kind.START, OptionalInt.empty(), clock.instant(), "go"));
        assertThat(unknown).isSameAs(HeartbeatReceiver.NOT_FOUND);
    }
}
