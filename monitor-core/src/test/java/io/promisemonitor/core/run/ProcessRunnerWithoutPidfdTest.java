package io.promisemonitor.core.run;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every test of ProcessRunnerTest again, on the posix_spawn path where pidfd_open is missing (Linux before 5.3, or
 * a seccomp filter): a reaper thread and two reader threads instead of the poll on the calling thread.
 */
class ProcessRunnerWithoutPidfdTest extends ProcessRunnerTest {

    private boolean pidfdsBefore;

    @BeforeEach
    void withoutPidfds() {
        pidfdsBefore = NativeSpawner.usePidfds(false);
    }

    @AfterEach
    void restorePidfds() {
        NativeSpawner.usePidfds(pidfdsBefore);
    }
}
