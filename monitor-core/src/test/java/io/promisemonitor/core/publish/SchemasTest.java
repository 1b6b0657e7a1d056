package io.promisemonitor.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.testing.SchemaCheck;
import io.promisemonitor.core.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemasTest {

    @TempDir
    Path instance;

    private static final String VALID_STATUS = """
            {"id": "web", "title": "Web", "status": "OK", "message": "up",
             "start-date": "2026-11-21T19:42:00+00:00", "change-date": "2026-11-21T19:42:00+00:00",
             "change-time": 1795290120, "execution-time": 0.042, "returncode": 0, "perfdata": [],
             "_links": {"self": {"href": "web.status.json"}, "monitor": {"href": "../monitor.haljson"}}}
            """;

    @Test
    void aCompleteStatusIsValid() {
        assertThat(SchemaCheck.problems(Schemas.STATUS, VALID_STATUS)).isEmpty();
    }

    @Test
    void aStatusWithoutMessageFailsValidation() {
        String json = VALID_STATUS.replace("\"message\": \"up\",", "");

        assertThat(SchemaCheck.problems(Schemas.STATUS, json))
                .containsExactly("$: required property 'message' not found");
    }

    @Test
    void aStatusOutsideTheFourKnownOnesFailsValidation() {
        String json = VALID_STATUS.replace("\"status\": \"OK\"", "\"status\": \"BAD\"");

        assertThat(SchemaCheck.problems(Schemas.STATUS, json))
                .containsExactly("$.status: does not have a value in the enumeration [\"OK\", \"WARNING\", \"ERROR\","
                        + " \"UNKNOWN\"]");
    }

    @Test
    void aDateWithoutOffsetFailsValidation() {
        String json = VALID_STATUS.replace("\"start-date\": \"2026-11-21T19:42:00+00:00\"",
                "\"start-date\": \"2026-11-21T19:42:00\"");

        assertThat(SchemaCheck.problems(Schemas.STATUS, json)).hasSize(1)
                .allSatisfy(p -> assertThat(p).startsWith("$.start-date: does not match the regex pattern"));
    }

    @Test
    void aHalJsonWithoutServicesFailsValidation() {
        String json = "{\"title\": \"t\", \"_links\": {\"self\": {\"href\": \"monitor.haljson\"},"
                + " \"related_monitor\": []}}";

        assertThat(SchemaCheck.problems(Schemas.HALJSON, json))
                .containsExactly("$: required property '_embedded' not found");
    }

    @Test
    void aServiceWithoutAnInterfaceLinkFailsValidation() {
        String json = "{\"title\": \"t\", \"_links\": {\"self\": {\"href\": \"monitor.haljson\"},"
                + " \"related_monitor\": []}, \"_embedded\": {\"service\": [{\"id\": \"web\", \"title\": \"Web\","
                + " \"_links\": {\"status\": {\"href\": \"public/web.status.json\"}}}]}}";

        assertThat(SchemaCheck.problems(Schemas.HALJSON, json))
                .containsExactly("$._embedded.service[0]._links: required property 'interface' not found");
    }

    @Test
    void installCopiesEverySchemaIntoTheWebFolderAndLaterLeavesThemAlone() throws IOException {
        MonitorConfig config = TestConfigs.monitorConfig(instance);

        List<Path> first = Schemas.install(config);
        Path status = config.webFolder().resolve("schema/status.schema.json");
        Files.setLastModifiedTime(status, FileTime.fromMillis(0));
        List<Path> second = Schemas.install(config);

        assertThat(first).containsExactly(status, config.webFolder().resolve("schema/history.schema.json"),
                config.webFolder().resolve("schema/monitor.haljson.schema.json"));
        assertThat(Files.readAllBytes(status)).isEqualTo(Schemas.read(Schemas.STATUS));
        assertThat(second).isEmpty();
        assertThat(Files.getLastModifiedTime(status)).isEqualTo(FileTime.fromMillis(0));
    }

    @Test
    void anUnknownSchemaNameIsRefused() {
        assertThatThrownBy(() -> Schemas.read("../../etc/passwd"))
                .hasMessage("schema '../../etc/passwd': unknown; allowed: status.schema.json,"
                        + " history.schema.json, monitor.haljson.schema.json");
    }
}
