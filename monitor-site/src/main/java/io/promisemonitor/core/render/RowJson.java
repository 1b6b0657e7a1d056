package io.promisemonitor.core.render;

import java.nio.charset.StandardCharsets;
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
     * the clock alone (the uptimes) at each render.
     */
    static byte[] open(Map<String, Object> model) {
        StringBuilder b = new StringBuilder(512).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : model.entrySet()) {
            Object v = e.getValue();
            if (DERIVED.contains(e.getKey()) || v == null || v instanceof Stencil.Slot) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            string(b, e.getKey()).append(':');
            if (e.getKey().equals("strip")) {
                strip(b, (List<?>) v);
            } else {
                value(b, v);
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The strip's groups with their cells as a count: {@code {"cls":"ok","tip":"...","n":19}}. */
    private static void strip(StringBuilder b, List<?> groups) {
        b.append('[');
        for (int i = 0; i < groups.size(); i++) {
            Map<?, ?> g = (Map<?, ?>) groups.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"cls\":");
            value(b, g.get("cls"));
            b.append(",\"tip\":");
            value(b, g.get("tip"));
            b.append(",\"n\":").append(String.valueOf(g.get("cells")).length() / "<i></i>".length()).append('}');
        }
        b.append(']');
    }

    static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            b.append(v);
        } else if (v instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(e.getKey())).append(':');
                value(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                value(b, list.get(i));
            }
            b.append(']');
        } else {
            string(b, v.toString());
        }
    }

    static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    // below 0x20, and the line separators a script would choke on
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
