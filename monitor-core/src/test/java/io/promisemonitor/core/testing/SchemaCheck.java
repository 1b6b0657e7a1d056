package io.promisemonitor.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.promisemonitor.core.publish.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Validates files the monitor writes against the JSON Schemas it ships. */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    /** The validator's messages for {@code json}; empty when valid. {@code schema} is a {@link Schemas} name. */
    public static List<String> problems(String schema, String json) {
        // 2020-12 makes "format" an annotation only: asserted here, so a date-time must be a real date and time
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
                .pathType(PathType.LEGACY).build();
        JsonSchema compiled = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new String(Schemas.read(schema), StandardCharsets.UTF_8), config);
        return compiled.validate(json, InputFormat.JSON).stream().map(ValidationMessage::getMessage).sorted()
                .toList();
    }

    public static void assertValid(String schema, Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(problems(schema, json)).as("%s against %s", file, schema).isEmpty();
    }
}
