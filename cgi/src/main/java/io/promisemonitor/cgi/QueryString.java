package io.promisemonitor.cgi;

import io.promisemonitor.core.publish.PercentDecoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} query string, read strictly: a bad escape is an error. */
final class QueryString {

    private QueryString() {
    }

    /** Every parameter with all its values, in order. */
    static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    static String decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20) {
                throw new IllegalArgumentException("unescaped character");
            }
        }
        try {
            return PercentDecoding.decode(text, 0, text.length(), true);
        } catch (PercentDecoding.Malformed e) {
            throw new IllegalArgumentException(switch (e.problem()) {
                case BAD_ESCAPE -> "bad percent escape";
                case UNESCAPED -> "unescaped character";
                case NOT_UTF8 -> "not UTF-8";
            });
        }
    }
}
