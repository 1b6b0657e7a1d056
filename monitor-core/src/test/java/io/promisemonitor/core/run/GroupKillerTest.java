package io.promisemonitor.core.run;

import static io.promisemonitor.core.run.Scripts.eventually;
import static io.promisemonitor.core.run.Scripts.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupKillerTest {

    @Test
    void everyProcessAndOwnGroupAreNeverTargets() {
        // kill -- -1 would signal every process the user may signal; -0 is our own group
        assertThatThrownBy(() -> Spawner.best().killGroup(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to kill process group 1");
        assertThatThrownBy(() -> Spawner.best().killGroup(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to kill process group 0");
    }

    @Test
    void posixSpawnIsUsedHere() {
        // this machine has glibc 2.34+ and JNA: a silent fall back to setsid would hide a broken native path
        assertThat(Spawner.best().whyNotPosixSpawn()).isEmpty();
        assertThat(Spawner.best()).hasToString("posix_spawn");
    }

    @Test
    void aGroupIsKilledWithGrandchildren() throws Exception {
        Process leader = new ProcessBuilder(ProcessRunner.SETSID, "sh", "-c", "sleep 300 & sleep 300").start();
        try {
            assertThat(eventually(Duration.ofSeconds(5), () -> Scripts.leadsItsGroup(leader.pid())
                    && leader.children().findAny().isPresent())).isTrue();
            ProcessHandle grandchild = leader.children().findAny().orElseThrow();

            Spawner.best().killGroup(leader.pid());

            assertThat(eventually(Duration.ofSeconds(5), () -> !running(leader.pid()))).isTrue();
            assertThat(eventually(Duration.ofSeconds(5), () -> !grandchild.isAlive())).isTrue();
        } finally {
            leader.destroyForcibly();
        }
    }

    @Test
    void aGroupIsKilledEvenAfterTheKillingShellDied() throws Exception {
        long previousShell = -1;
        for (int round = 0; round < 2; round++) {
            Process leader = new ProcessBuilder(ProcessRunner.SETSID, "sleep", "300").start();
            try {
                // until setsid has run there is no group to kill: a loaded machine shows the gap
                assertThat(eventually(Duration.ofSeconds(5), () -> Scripts.leadsItsGroup(leader.pid()))).isTrue();
                Spawner.withoutJna().killGroup(leader.pid());

                assertThat(eventually(Duration.ofSeconds(5), () -> !running(leader.pid()))).isTrue();
            } finally {
                leader.destroyForcibly();
            }
            long shell = GroupKiller.shellPid().orElseThrow();
            assertThat(shell).isNotEqualTo(previousShell);
            previousShell = shell;
            // killing the helper shell (our child) makes the next kill start a new one
            ProcessHandle helper = ProcessHandle.of(shell).orElseThrow();
            helper.destroyForcibly();
            helper.onExit().get();
        }
    }
}
