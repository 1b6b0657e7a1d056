package io.promisemonitor.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's one JSON: every file it publishes or keeps, every JSON answer and payload is written and read here,
 * and nothing else sees Jackson. A document is plain Java: {@code Map<String, ?>} (in its order), {@code List},
 * {@code String}, {@code Number}, {@code Boolean} or null; {@link #object()} and {@link #array()} build one.
 *
 * <p>Published files have one layout ({@link #write(Object)}): two-space indent, {@code "key": value}, {@code []}
 * and {@code {}} for empty ones, a final newline; so files diff well and a byte comparison tells a real change.
 * One-line documents ({@link #line(Object)}) are for journals, stdin of hooks and bodies sent over HTTP.
 *
 * <pre>{@code
 * String text = Json.write(Json.object().put("status", "OK").put("runs", List.of(1, 2)));
 * Map<String, Object> back = Json.readObject(text);
 * }</pre>
 */
public final class Json {

    /** Numbers read come back as Integer, Long, BigInteger or, with a fraction or exponent, BigDecimal. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final ObjectWriter PRETTY;
    private static final ObjectWriter LINE = MAPPER.writer();

    static {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        PRETTY = MAPPER.writer(new DefaultPrettyPrinter(separators).withObjectIndenter(indenter)
                .withArrayIndenter(indenter));
    }

    private Json() {
    }

    /** A text that is not JSON, or not the JSON expected; an IOException, as a file that cannot be read is. */
    public static final class Invalid extends IOException {
        private static final long serialVersionUID = 1L;

        Invalid(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An object to fill, keys in the order put. */
    public static Obj object() {
        return new Obj();
    }

    /** An array to fill. */
    public static List<Object> array() {
        return new ArrayList<>();
    }

    /** A JSON object being built: a {@code LinkedHashMap} with a {@code put} that chains. */
    public static final class Obj extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        private Obj() {
        }

        @Override
        public Obj put(String key, Object value) {
            super.put(key, value);
            return this;
        }

        /** Puts {@code value} only when it is not null. */
        public Obj putIfPresent(String key, Object value) {
            if (value != null) {
                super.put(key, value);
            }
            return this;
        }

        /** A new object under {@code key}, returned to be filled. */
        public Obj putObject(String key) {
            Obj child = new Obj();
            super.put(key, child);
            return child;
        }

        /** A new array under {@code key}, returned to be filled. */
        public List<Object> putArray(String key) {
            List<Object> child = new ArrayList<>();
            super.put(key, child);
            return child;
        }
    }

    /** {@code document} in the published layout, with a final newline. */
    public static String write(Object document) {
        try {
            return PRETTY.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code document} on one line, without a newline. */
    public static String line(Object document) {
        try {
            return LINE.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** Writes a document field by field, in the published layout: for files written after every run. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Writer json);
    }

    /** The document {@code body} writes, laid out as {@link #write(Object)} lays out a tree. */
    public static String write(Body body) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator generator = PRETTY.createGenerator(out)) {
            body.writeTo(new Writer(generator));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.append('\n').toString();
    }

    /** The value in {@code text}: a map, a list, a string, a number, a boolean or null. */
    public static Object read(String text) throws Invalid {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new Invalid("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The object in {@code text}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String text) throws Invalid {
        Object value = read(text);
        if (!(value instanceof Map)) {
            throw new Invalid("not a JSON object", null);
        }
        return (Map<String, Object>) value;
    }

    /** {@code object}'s {@code key} when it is a string, else null. */
    public static String text(Map<String, ?> object, String key) {
        return object != null && object.get(key) instanceof String s ? s : null;
    }

    /** {@code value} when it is an object, else null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : null;
    }

    /** {@code value} when it is an array, else an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    /** Streams one document: the fields in the order written. */
    public static final class Writer {
        private final JsonGenerator out;

        private Writer(JsonGenerator out) {
            this.out = out;
        }

        private interface Step {
            void run() throws IOException;
        }

        private Writer step(Step step) {
            try {
                step.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Writer startObject() {
            return step(out::writeStartObject);
        }

        public Writer startObject(String key) {
            return step(() -> out.writeObjectFieldStart(key));
        }

        public Writer endObject() {
            return step(out::writeEndObject);
        }

        public Writer startArray(String key) {
            return step(() -> out.writeArrayFieldStart(key));
        }

        public Writer endArray() {
            return step(out::writeEndArray);
        }

        /** A string field; null writes null. */
        public Writer field(String key, String value) {
            return step(() -> out.writeStringField(key, value));
        }

        /** A string field only when {@code value} is not null. */
        public Writer fieldIfPresent(String key, String value) {
            return value == null ? this : field(key, value);
        }

        public Writer field(String key, long value) {
            return step(() -> out.writeNumberField(key, value));
        }

        public Writer field(String key, BigDecimal value) {
            return step(() -> out.writeNumberField(key, value));
        }

        /** A number field; NaN and the infinities, which JSON lacks, write null. */
        public Writer field(String key, double value) {
            return Double.isFinite(value) ? step(() -> out.writeNumberField(key, value)) : nullField(key);
        }

        public Writer field(String key, boolean value) {
            return step(() -> out.writeBooleanField(key, value));
        }

        public Writer nullField(String key) {
            return step(() -> out.writeNullField(key));
        }

        /** A string in an array. */
        public Writer value(String value) {
            return step(() -> out.writeString(value));
        }
    }
}
