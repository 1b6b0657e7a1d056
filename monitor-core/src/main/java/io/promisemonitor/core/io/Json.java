package io.promisemonitor.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
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

    /**
     * Jackson's streaming layer only: its object mapper (jackson-databind) would turn a document into maps and lists
     * the same way, but loads some 420 classes more and builds its serializers by reflection, which was a tenth of a
     * cron line's run. The values here are the few plain types above, so the tree is walked by hand.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final DefaultPrettyPrinter PRETTY;

    static {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        PRETTY = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
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
        return write(json -> json.value(document));
    }

    /** {@code document} on one line, without a newline. */
    public static String line(Object document) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Writes a map (its keys as strings, in its order), an iterable or array, a string, a number, a boolean, an enum
     * (its name), a URI, a UUID or a character (their text) or null; anything else is a mistake of the caller.
     */
    private static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof CharSequence text) {
            out.writeString(text.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.writeFieldName(String.valueOf(e.getKey()));
                writeValue(out, e.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                writeValue(out, item);
            }
            out.writeEndArray();
        } else if (value instanceof Object[] array) {
            writeValue(out, List.of(array));
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Float f) {
            out.writeNumber(f);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            out.writeNumber(i);
        } else if (value instanceof Enum<?> e) {
            out.writeString(e.name());
        } else if (value instanceof java.net.URI || value instanceof java.util.UUID || value instanceof Character) {
            out.writeString(value.toString());
        } else {
            throw new IllegalArgumentException("cannot write JSON: a value of type " + value.getClass().getName()
                    + " (allowed: maps, lists, strings, numbers, booleans, enums, URIs, UUIDs and null)");
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
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.setPrettyPrinter(PRETTY.createInstance());
            body.writeTo(new Writer(generator));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.append('\n').toString();
    }

    /**
     * The value in {@code text}: a map (keys in their order; of a key given twice, the last), a list, a string, a
     * number (Integer, Long or BigInteger; BigDecimal with a fraction or exponent, exactly as written), a boolean
     * or null. Nothing but blanks may follow the value.
     */
    public static Object read(String text) throws Invalid {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Invalid("not JSON: No content: the text is empty or only blanks", null);
            }
            Object value = readValue(parser, first);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new Invalid("not JSON: Trailing token (" + after + ") after the value at "
                        + parser.currentLocation().offsetDescription(), null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new Invalid("not JSON: " + e.getOriginalMessage(), e);
        } catch (Invalid e) {
            throw e;
        } catch (IOException e) {
            throw new Invalid("not JSON: " + e.getMessage(), e);
        }
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            // the parser reports a text cut inside a value itself; this is the guard should it not
            throw new Invalid("not JSON: the text ends inside a value", null);
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    object.put(key, readValue(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(readValue(parser, t));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new Invalid("not JSON: unexpected " + token + " at "
                    + parser.currentLocation().offsetDescription(), null);
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

        /** Any document value ({@link Json#write(Object)}'s kinds), whole. */
        public Writer value(Object value) {
            return step(() -> writeValue(out, value));
        }
    }
}
