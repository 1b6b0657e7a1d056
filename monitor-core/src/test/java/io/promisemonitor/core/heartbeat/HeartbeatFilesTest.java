package io.promisemonitor.core.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatFilesTest {

    @TempDir
    Path dir;

    @Test
    void processesRacingToMakeTheTokenAllEndWithTheSameOne() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                Path folder = dir.resolve("s" + round);
                CountDownLatch go = new CountDownLatch(1);
                Set<String> tokens = ConcurrentHashMap.newKeySet();
                List<Future<?>> all = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    all.add(threads.submit(() -> {
                        go.await();
                        // a fresh object each, as separate processes would have
                        tokens.add(HeartbeatFiles.in(folder).tokenOrCreate());
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : all) {
                    f.get();
                }
                assertThat(tokens).hasSize(1);
                assertThat(Files.list(folder).map(p -> p.getFileName().toString())).containsExactly("heartbeat.token");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aTokenFileEditedIntoSomethingElseIsNotReplacedButExplained() throws Exception {
        HeartbeatFiles files = HeartbeatFiles.in(dir);
        Files.writeString(files.tokenFile(), "secret\n");

        assertThat(files.token()).isEmpty();
        assertThatThrownBy(files::tokenOrCreate).hasMessage(files.tokenFile() + " does not hold a token; allowed: 20"
                + " to 100 characters A-Z, a-z, 0-9, '-' or '_' (delete the file to get a new token)");
        assertThat(files.tokenFile()).hasContent("secret\n");
    }

    @Test
    void pingsRoundTripAndABrokenFileReadsAsNoPing() throws Exception {
        HeartbeatFiles files = HeartbeatFiles.in(dir);
        Ping start = new Ping(Ping.Kind.START, OptionalInt.empty(), Instant.parse("2026-11-21T10:00:00Z"), "go");
        Ping failed = new Ping(Ping.Kind.FAIL, OptionalInt.of(2), Instant.parse("2026-11-21T10:05:00Z"),
                "\u0007bell\tand tab\nsecond");
        files.record(start);
        files.record(failed);

        assertThat(files.pings()).isEqualTo(new Pings(java.util.Optional.empty(), java.util.Optional.of(start),
                java.util.Optional.of(failed), java.util.Optional.of(failed)));
        assertThat(failed.firstLine()).isEqualTo("bell and tab");
        Files.writeString(files.pingsFile(), "{\"last\": {\"kind\": \"succ");
        assertThat(files.pings()).isEqualTo(Pings.NONE);
    }
}
