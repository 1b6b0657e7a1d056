package io.promisemonitor.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlapOsGlobalStateTest {

    @TempDir
    Path pub;

    // As slapos.toolbox 0.74's runpromise.py writes them (fields of runPromiseSynchronous / checkPromiseList).
    private static final String OK = """
            {"status": "OK", "returncode": 0, "title": "monitor-bootstrap-status", "message": "Bootstrap OK\\n",
             "start-date": "2018-01-31T13:00:01", "execution-time": 0.1, "change-time": 1517403601.0,
             "type": "status", "portal-type": "promise", "instance": "kvm0", "hosting_subscription": "My KVM",
             "_links": {"monitor": {"href": "https://softinst73421.frontend.invalid/share/private/"}}}
            """;

    @Test
    void exactOkAndErrorAreCountedAndTheGlobalStatusIsErrorWhenAnyIsError() throws IOException {
        write("monitor-bootstrap-status.status.json", OK);
        write("check-free-disk-space.status.json", """
                {"status": "ERROR", "returncode": 1, "title": "check-free-disk-space",
                 "message": "Free disk space low: remaning 37.4 G (threshold: 102400.0 G)\\nYou can modify ...\\n",
                 "change-time": 1517403601}""");
        write("monitor-http-frontend.status.json", """
                {"status": "ERROR", "title": "monitor-http-frontend", "change-time": 1517400000.5}""");

        SlapOsGlobalState.Result state = SlapOsGlobalState.read(pub);

        assertThat(state.status()).isEqualTo("ERROR");
        assertThat(state.error()).isEqualTo(2);
        assertThat(state.success()).isEqualTo(1);
        assertThat(state.items()).extracting(SlapOsGlobalState.Item::title).containsExactly(
                "check-free-disk-space", "monitor-bootstrap-status", "monitor-http-frontend");
        assertThat(state.items().get(2).message()).isEmpty();
        assertThat(state.items().get(2).changeTime()).isEqualTo(1517400000.5);
    }

    @Test
    void lowercaseErrorWarningAndNullCountAsNeitherSoTheInstanceIsOk() throws IOException {
        write("monitor-password.status.json", """
                {"status": "error", "title": "Monitor password", "message": "Password never changed",
                 "change-time": 1444723200}""");
        write("root-disk.status.json", """
                {"status": "WARNING", "title": "Free space on /", "change-time": 1444723200}""");
        write("odd.status.json", """
                {"status": null, "title": "odd", "change-time": 1444723200}""");

        SlapOsGlobalState.Result state = SlapOsGlobalState.read(pub);

        assertThat(state.status()).isEqualTo("OK");
        assertThat(state.error()).isZero();
        assertThat(state.success()).isZero();
        assertThat(state.items()).extracting(SlapOsGlobalState.Item::status)
                .containsExactly("error", "None", "WARNING");
    }

    @Test
    void filesThatAreNotJsonAreSkippedAndOnlyTopLevelVisibleStatusFilesAreRead() throws IOException {
        write("empty.status.json", "");
        write("trailing.status.json", "{\"status\": \"ERROR\", \"title\": \"t\", \"change-time\": 1} x");
        write("truncated.status.json", "{\"status\": \"ERROR\", \"title\": \"t\"");
        write(".hidden.status.json", "{\"status\": \"ERROR\"}");
        write("kvm.status.json.tmp", "{\"status\": \"ERROR\"}");
        write("promise/nested.status.json", "{\"status\": \"ERROR\"}");
        write("monitor.global.json", "{\"status\": \"ERROR\"}");
        write("monitor-bootstrap-status.status.json", OK);
        Files.createSymbolicLink(pub.resolve("linked.status.json"), pub.resolve("monitor-bootstrap-status.status.json"));
        Files.createDirectories(pub.resolve("folder.status.json"));

        SlapOsGlobalState.Result state = SlapOsGlobalState.read(pub);

        assertThat(state.error()).isZero();
        assertThat(state.success()).isEqualTo(2);
        assertThat(state.items()).extracting(SlapOsGlobalState.Item::file)
                .containsExactly("linked.status.json", "monitor-bootstrap-status.status.json");
    }

    @Test
    void aMissingStatusStopsTheScript() throws IOException {
        write("kvm.status.json", "{\"message\": \"no status\", \"title\": \"kvm\", \"change-time\": 1}");

        assertThatThrownBy(() -> SlapOsGlobalState.read(pub)).isInstanceOf(IllegalStateException.class)
                .hasMessage("globalstate.py would stop on kvm.status.json (KeyError: 'status') and write no "
                        + "monitor.global.json");
    }

    @Test
    void aMissingOrTextualChangeTimeStopsTheScript() throws IOException {
        write("a.status.json", "{\"status\": \"OK\", \"title\": \"a\"}");

        assertThatThrownBy(() -> SlapOsGlobalState.read(pub))
                .hasMessage("globalstate.py would stop on a.status.json (KeyError: 'change-time') and write no "
                        + "monitor.global.json");

        write("a.status.json", "{\"status\": \"OK\", \"title\": \"a\", \"change-time\": \"2018-01-31T13:00:01\"}");

        assertThatThrownBy(() -> SlapOsGlobalState.read(pub))
                .hasMessage("globalstate.py would stop on a.status.json (TypeError: change-time is "
                        + "\"2018-01-31T13:00:01\", utcfromtimestamp needs a number) and write no monitor.global.json");
    }

    @Test
    void aChangeTimeInMillisecondsIsOutOfPythonsDateRangeAndStopsTheScript() throws IOException {
        write("a.status.json", "{\"status\": \"OK\", \"title\": \"a\", \"change-time\": 1517403601000000}");

        assertThatThrownBy(() -> SlapOsGlobalState.read(pub))
                .hasMessageContaining("(ValueError: change-time 1517403601000000 is out of utcfromtimestamp's range)");
    }

    @Test
    void aMissingTitleOrAJsonArrayStopsTheScript() throws IOException {
        write("a.status.json", "{\"status\": \"OK\", \"change-time\": 1}");

        assertThatThrownBy(() -> SlapOsGlobalState.read(pub)).hasMessageContaining("(KeyError: 'title')");

        write("a.status.json", "[{\"status\": \"OK\"}]");

        assertThatThrownBy(() -> SlapOsGlobalState.read(pub))
                .hasMessageContaining("(TypeError: the file holds a JSON array, not an object)");
    }

    @Test
    void anEmptyFolderIsOk() {
        assertThat(SlapOsGlobalState.read(pub)).isEqualTo(new SlapOsGlobalState.Result("OK", 0, 0, java.util.List.of()));
    }

    private void write(String name, String content) throws IOException {
        Path file = pub.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
