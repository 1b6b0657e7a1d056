package io.promisemonitor.core.run;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every test of ProcessRunnerTest again, as where JNA cannot be used: ProcessBuilder and setsid start the program,
 * the JVM is no subreaper, and the run's escaped processes are looked for in all of /proc and killed through
 * ProcessHandle.
 */
class ProcessRunnerWithoutJnaTest extends ProcessRunnerWithSetsidTest {

    private boolean nativeBefore;

    @BeforeEach
    void withoutJna() {
        nativeBefore = Descendants.useNative(false);
    }

    @AfterEach
    void restoreJna() {
        Descendants.useNative(nativeBefore);
    }
}
