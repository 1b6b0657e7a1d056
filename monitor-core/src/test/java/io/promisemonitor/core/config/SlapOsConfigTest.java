package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values as SlapOS's buildout renders them, and promise folders as its stacks lay them out. */
class SlapOsConfigTest {

    @TempDir
    Path dir;

    @Test
    void aValueThatIsOneJsonStringLiteralIsDecoded() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("kvm", "title = \"Kvm log parse\"", "private-path-list = \"$instance/a b\\n$instance/c\"");
        instance.script("kvm", "echo OK");

        ServiceConfig kvm = InstanceConfig.load(instance.root()).services().get("kvm");

        assertThat(kvm.title()).isEqualTo("Kvm log parse");
        assertThat(kvm.privatePathList()).containsExactly(instance.root().resolve("a b"),
                instance.root().resolve("c"));
    }

    @Test
    void aValueWithQuotesInsideIsNotALiteralAndStaysAsWritten() {
        assertThat(JsonString.decode("\"a\" \"b\"")).isNull();
        assertThat(JsonString.decode("\"caf\\u00e9 \\\"x\\\"\"")).isEqualTo("café \"x\"");
        assertThat(JsonString.decode("\"bad \\q\"")).isNull();
        assertThat(JsonString.decode("\"cut \\u00\"")).isNull();
    }

    @Test
    void pathListItemsAreSeparatedBySpacesOrLinesAndAQuotedPathKeepsItsSpace() {
        TestInstance instance = TestInstance.create(dir,
                "public-path-list = $instance/log/a.log $instance/log/b.log",
                "  \"$instance/my logs\" $instance/c");

        assertThat(instance.monitor().publicPathList()).containsExactly(instance.root().resolve("log/a.log"),
                instance.root().resolve("log/b.log"), instance.root().resolve("my logs"),
                instance.root().resolve("c"));
    }

    @Test
    void aCommentMarkAfterASpaceInAPathValueIsWarnedAbout() {
        TestInstance instance = TestInstance.create(dir, "private-path-list = $instance/var/log # the logs",
                "public-path-list = $instance/srv/www ; served", "title = Dev #2");

        List<ConfigNote> notes = InstanceConfig.load(instance.root()).notes();

        Path conf = instance.root().resolve("etc/monitor.conf");
        assertThat(notes).extracting(Object::toString).containsExactly(
                "warning: " + conf + " line 2: private-path-list '$instance/var/log # the logs' holds '#' after a"
                        + " space, read as part of the path; allowed: comments on a line of their own",
                "warning: " + conf + " line 3: public-path-list '$instance/srv/www ; served' holds ';' after a"
                        + " space, read as part of the path here but as a comment by SlapOS; allowed: comments on"
                        + " a line of their own");
    }

    @Test
    void theSameExecutableInTwoFoldersIsWarnedAboutAndTheFirstFolderWins() {
        TestInstance instance = TestInstance.create(dir, "promise-folder = $instance/etc/promise",
                "monitor-promise-folder = $instance/etc/monitor-promise");
        Path first = instance.write("etc/promise/disk", "#!/bin/sh\necho first\n");
        Path second = instance.script("disk", "echo second");
        first.toFile().setExecutable(true);

        InstanceConfig config = InstanceConfig.load(instance.root());

        assertThat(config.services().get("disk").runner()).isEqualTo(new Runner.Executable(first));
        assertThat(config.notes()).extracting(Object::toString).containsExactly("warning: " + second
                + ": service 'disk' is also " + first + ", which is the one used (the first promise folder wins);"
                + " rename or remove one of them");
    }

    @Test
    void aCfgRunsTheExecutableOfItsNameFromTheFirstFolderHoldingOneLikeABareExecutable() {
        TestInstance instance = TestInstance.create(dir, "promise-folder = $instance/etc/promise",
                "monitor-promise-folder = $instance/etc/monitor-promise");
        Path first = instance.write("etc/promise/disk", "#!/bin/sh\necho first\n");
        first.toFile().setExecutable(true);
        instance.service("disk", "title = Disk");
        Path second = instance.script("disk", "echo second");

        InstanceConfig config = InstanceConfig.load(instance.root());

        assertThat(config.services().get("disk").title()).isEqualTo("Disk");
        assertThat(config.services().get("disk").runner()).isEqualTo(new Runner.Executable(first));
        assertThat(config.notes()).extracting(Object::toString).containsExactly("warning: " + second
                + ": service 'disk' is also " + first + ", which is the one used (the first promise folder wins);"
                + " rename or remove one of them");
    }

    @Test
    void aPromisesTimeoutFileWithTextIsRefusedNamingTheFileAndWhatIsAllowed() {
        TestInstance instance = TestInstance.create(dir, "promises-timeout-file = $instance/etc/promise_timeout");
        Path file = instance.write("etc/promise_timeout", "soon\n");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(instance::monitor)).hasMessage(
                instance.root().resolve("etc/monitor.conf") + " line 2: promises-timeout-file '" + file
                        + "' holds 'soon'; allowed: a whole number of seconds above 0 such as 20, or a duration"
                        + " such as 30s, at most 1d");
    }
}
