package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reruns of {@code monitor serve} without an executor: one child per service at a time, whatever the storm. */
class ChildProcessBackendTest {

    @TempDir
    Path dir;

    @Test
    void aStormOfRerunsStartsOneChildAndRefusesTheOthersUntilItEnds() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "promise = test-fixed");
        Path started = dir.resolve("started");
        // stands for 'monitor': counts its starts, then takes a while, as a JVM and a run would
        List<String> monitor = List.of("/bin/sh", "-c", "echo x >> '" + started + "'; sleep 1", "monitor");
        ChildProcessBackend backend = ChildProcessBackend.of(instance.monitor(), monitor);

        List<Submission> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(backend.submit("fine"));
        }

        assertThat(answers.get(0).accepted()).isTrue();
        assertThat(answers.subList(1, 20)).allSatisfy(a -> {
            assertThat(a.accepted()).isFalse();
            assertThat(a.refusedBecause()).startsWith("already queued since ");
        });
        assertThat(answers.get(0).finished().get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(Files.readAllLines(started)).hasSize(1);
        Submission again = backend.submit("fine");
        assertThat(again.accepted()).as("accepted again once the child ended").isTrue();
        assertThat(again.finished().get(30, TimeUnit.SECONDS)).isEmpty();
    }
}
