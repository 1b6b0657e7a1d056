package io.promisemonitor.core.run;

/**
 * Every test of ProcessRunnerTest again, as where JNA cannot be used: ProcessBuilder and setsid start the program,
 * a shell kills its group, and the run's escaped processes are looked for in all of /proc and killed through
 * ProcessHandle.
 */
class ProcessRunnerWithoutJnaTest extends ProcessRunnerWithSetsidTest {

    @Override
    ProcessRunner configure(ProcessRunner created) {
        return created.withSpawner(Spawner.withoutJna());
    }

    @Override
    String way() {
        return "ProcessBuilder and setsid, without JNA";
    }
}
