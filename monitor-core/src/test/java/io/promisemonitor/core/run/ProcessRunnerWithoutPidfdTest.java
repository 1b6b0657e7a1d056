package io.promisemonitor.core.run;

/**
 * Every test of ProcessRunnerTest again, on the posix_spawn path where pidfd_open is missing (Linux before 5.3, or
 * a seccomp filter): a reaper thread and two reader threads instead of the poll on the calling thread.
 */
class ProcessRunnerWithoutPidfdTest extends ProcessRunnerTest {

    @Override
    ProcessRunner configure(ProcessRunner created) {
        return created.withSpawner(Spawner.posixSpawnWithoutPidfds());
    }

    @Override
    String way() {
        return "posix_spawn without pidfd";
    }
}
