package io.promisemonitor.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every test of ProcessRunnerTest again, on the path taken where posix_spawn cannot be used. */
class ProcessRunnerWithSetsidTest extends ProcessRunnerTest {

    @Override
    ProcessRunner configure(ProcessRunner created) {
        return created.withSpawner(Spawner.processBuilder());
    }

    @Override
    String way() {
        return "ProcessBuilder and setsid";
    }

    /** ProcessBuilder passes on the calling thread's mask: the JVM blocks SIGQUIT (3) there. */
    @Test
    @Override
    void theProgramStartsWithNoSignalBlockedOrIgnored() {
        ProcessOutcome outcome = runner.run(List.of("/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"),
                Map.of(), dir, MINUTE);

        assertThat(signals(outcome, "SigBlk")).isEqualTo(1L << (3 - 1));
        assertThat(signals(outcome, "SigIgn")).isZero();
    }
}
