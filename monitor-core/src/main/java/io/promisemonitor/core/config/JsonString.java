package io.promisemonitor.core.config;

/** Decodes one JSON string literal by hand: the config reader needs nothing more of JSON. */
final class JsonString {

    private JsonString() {
    }

    /** The text of {@code literal}, or null when it is not exactly one JSON string literal. */
    static String decode(String literal) {
        int n = literal.length();
        if (n < 2 || literal.charAt(0) != '"' || literal.charAt(n - 1) != '"') {
            return null;
        }
        StringBuilder out = new StringBuilder(n);
        for (int i = 1; i < n - 1; i++) {
            char c = literal.charAt(i);
            if (c == '"' || c < 0x20) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= n - 1) {
                return null;
            }
            switch (literal.charAt(i)) {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case '/': out.append('/'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    if (i + 4 > n - 2) {
                        return null;
                    }
                    try {
                        out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    i += 4;
                    break;
                default:
                    return null;
            }
        }
        return out.toString();
    }
}
