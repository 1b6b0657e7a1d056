package io.promisemonitor.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The one layout of every JSON file the monitor publishes: two-space indent, {@code "key": value}, {@code []} and
 * {@code {}} for empty ones, a final newline; so files diff well and a byte comparison tells a real change.
 */
public final class PrettyJson {

    private static final ObjectWriter WRITER;

    static {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter(separators).withObjectIndenter(indenter)
                .withArrayIndenter(indenter));
    }

    private PrettyJson() {
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(String text) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text))
                + "\"";
    }

    /** Writes a document field by field into {@link PrettyJson}'s layout. */
    @FunctionalInterface
    public interface Body {
        void writeTo(JsonGenerator json) throws IOException;
    }

    /** The document {@code body} writes, laid out as {@link #write(Object)} lays out a tree. */
    public static String write(Body body) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = WRITER.createGenerator(out)) {
            body.writeTo(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.append('\n').toString();
    }

    /** {@code value}: a Jackson tree, a map, a list or a plain value. */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
