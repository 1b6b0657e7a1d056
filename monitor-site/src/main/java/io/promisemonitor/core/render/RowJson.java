package io.promisemonitor.core.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A row of the index as JSON for {@code rows.json}, from which monitor.js draws the rows the static page leaves out.
 * Data-driven: every key of the row model goes in as it is (a key added to the model reaches the script without a
 * change here), but for the links the script makes from the id, the relative times it makes from the ISO times
 * ({@link Stencil.Slot slots} in the model), and the strip's cells, given as their count {@code n}.
 */
final class RowJson {

    /** Made by monitor.js from the id, exactly as UrlLayout and Feeds make them. */
    static final Set<String> DERIVED = Set.of("anchor", "pageHref", "feedHref", "statusHref", "historyHref",
            "rerunHref");

    private RowJson() {
    }

    /**
     * The row's JSON object without its closing brace, in UTF-8: the renderer appends the values that change with
     * the clock alone (the uptimes) at each render. {@code model} is a {@link RowModel} (read as its map would be:
     * null components left out) or its map.
     */
    static byte[] open(Object model) {
        Utf8Text out = BUFFER.get();
        out.clear();
        out.append((byte) '{');
        boolean first = true;
        if (model instanceof TemplateModel) {
            TemplateModel.Accessors accessors = TemplateModel.Accessors.of(model.getClass());
            Keys keys = KEYS.get(model.getClass());
            for (int i = 0; i < accessors.size(); i++) {
                if (keys.prefixes[i] == null) {
                    continue;
                }
                Object v = accessors.get(model, i);
                if (v == null || v instanceof Stencil.Slot) {
                    continue;
                }
                out.append(first ? keys.prefixes[i] : keys.nextPrefixes[i]);
                first = false;
                if (i == keys.strip) {
                    strip(out, (List<?>) v);
                } else {
                    value(out, v);
                }
            }
        } else {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) model).entrySet()) {
                first = member(out, first, (String) e.getKey(), e.getValue());
            }
        }
        return out.toByteArray();
    }

    /**
     * A model class's members as {@link #member} writes them, made once: {@code "key":} and {@code ,"key":} in UTF-8
     * for each component (null for a derived one), and which component is the strip (-1: none).
     */
    private record Keys(byte[][] prefixes, byte[][] nextPrefixes, int strip) {
    }

    private static final ClassValue<Keys> KEYS = new ClassValue<>() {
        @Override
        protected Keys computeValue(Class<?> type) {
            TemplateModel.Accessors accessors = TemplateModel.Accessors.of(type);
            byte[][] prefixes = new byte[accessors.size()][];
            byte[][] next = new byte[accessors.size()][];
            int strip = -1;
            for (int i = 0; i < accessors.size(); i++) {
                String key = accessors.name(i);
                if (DERIVED.contains(key)) {
                    continue;
                }
                Utf8Text text = new Utf8Text(key.length() + 8);
                text.append((byte) ',');
                string(text, key);
                text.append((byte) ':');
                next[i] = text.toByteArray();
                prefixes[i] = Arrays.copyOfRange(next[i], 1, next[i].length);
                if (key.equals("strip")) {
                    strip = i;
                }
            }
            return new Keys(prefixes, next, strip);
        }
    };

    /** Each thread's buffer: thousands of rows after a restart, and only their bytes are kept. */
    private static final ThreadLocal<Utf8Text> BUFFER = ThreadLocal.withInitial(() -> new Utf8Text(2048));

    /** Appends {@code "key":value} unless the key is left out; returns whether nothing was appended yet. */
    private static boolean member(Utf8Text out, boolean first, String key, Object v) {
        if (v == null || v instanceof Stencil.Slot || DERIVED.contains(key)) {
            return first;
        }
        if (!first) {
            out.append((byte) ',');
        }
        string(out, key);
        out.append((byte) ':');
        if (key.equals("strip")) {
            strip(out, (List<?>) v);
        } else {
            value(out, v);
        }
        return false;
    }

    /** The strip's groups with their cells as a count: {@code {"cls":"ok","tip":"...","n":19}}. */
    private static void strip(Utf8Text out, List<?> groups) {
        out.append((byte) '[');
        for (int i = 0; i < groups.size(); i++) {
            Object g = groups.get(i);
            Object cls;
            Object tip;
            Object cells;
            if (g instanceof RowModel.StripGroup group) {
                cls = group.cls();
                tip = group.tip();
                cells = group.cells();
            } else {
                Map<?, ?> m = (Map<?, ?>) g;
                cls = m.get("cls");
                tip = m.get("tip");
                cells = m.get("cells");
            }
            if (i > 0) {
                out.append((byte) ',');
            }
            out.append(CLS);
            value(out, cls);
            out.append(TIP);
            value(out, tip);
            out.append(N);
            out.append(Integer.toString(String.valueOf(cells).length() / "<i></i>".length()));
            out.append((byte) '}');
        }
        out.append((byte) ']');
    }

    private static final byte[] CLS = "{\"cls\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TIP = ",\"tip\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] N = ",\"n\":".getBytes(StandardCharsets.UTF_8);

    /** {@code v} as JSON, in UTF-8: text as {@link #string}, models and maps as objects, lists as arrays. */
    static void value(Utf8Text out, Object v) {
        if (v instanceof String s) {
            string(out, s);
        } else if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            out.append(v.toString());
        } else if (v instanceof TemplateModel) {
            TemplateModel.Accessors accessors = TemplateModel.Accessors.of(v.getClass());
            out.append((byte) '{');
            boolean first = true;
            for (int i = 0; i < accessors.size(); i++) {
                Object c = accessors.get(v, i);
                if (c == null) {
                    continue;
                }
                if (!first) {
                    out.append((byte) ',');
                }
                first = false;
                string(out, accessors.name(i));
                out.append((byte) ':');
                value(out, c);
            }
            out.append((byte) '}');
        } else if (v instanceof Map<?, ?> map) {
            out.append((byte) '{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append((byte) ',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append((byte) ':');
                value(out, e.getValue());
            }
            out.append((byte) '}');
        } else if (v instanceof List<?> list) {
            out.append((byte) '[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append((byte) ',');
                }
                value(out, list.get(i));
            }
            out.append((byte) ']');
        } else {
            string(out, v.toString());
        }
    }

    /**
     * {@code s} as a JSON string, in UTF-8: quotes, backslashes and control characters escaped, and the line
     * separators a script would choke on, and {@code <} (no {@code </script>} in any page that inlines it).
     */
    static void string(Utf8Text out, String s) {
        out.append((byte) '"');
        int n = s.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<') {
                continue;
            }
            if (c >= 0x80 && c != '\u2028' && c != '\u2029') {
                continue;
            }
            out.append(s, from, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    out.append("\\u");
                    out.append((byte) HEX[c >> 12 & 0xf]);
                    out.append((byte) HEX[c >> 8 & 0xf]);
                    out.append((byte) HEX[c >> 4 & 0xf]);
                    out.append((byte) HEX[c & 0xf]);
                }
            }
            from = i + 1;
        }
        out.append(s, from, n);
        out.append((byte) '"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
