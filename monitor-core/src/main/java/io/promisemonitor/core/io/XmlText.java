package io.promisemonitor.core.io;

/**
 * Escapes text for XML 1.0 and HTML, in element content and in quoted attributes alike. Characters XML 1.0 does not
 * allow at all, not even as references (C0 controls other than tab, newline and return; U+FFFE, U+FFFF; lone
 * surrogates), become U+FFFD, so a promise that prints a bell or a NUL cannot make a feed unreadable.
 *
 * <p>The one escaper of the monitor: the renderer's templates, the feeds, SlapOS's feed files and the rerun
 * answer's page (cgi) all use it. It lives in core's {@code io}, beside {@link Json}, rather than beside the
 * renderer: {@code feed} needs it and {@code render} depends on {@code feed}, so in {@code render} it would make
 * a package cycle.
 */
public final class XmlText {

    private static final char REPLACEMENT = '\uFFFD';

    private XmlText() {
    }

    public static String escape(CharSequence text) {
        if (text == null) {
            return "";
        }
        int n = text.length();
        int i = 0;
        while (i < n && plain(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(n + 16);
        out.append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                // A raw carriage return would be turned into a newline by every XML parser.
                case '\r': out.append("&#13;"); break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (allowed(c)) {
                        out.append(c);
                    } else {
                        out.append(REPLACEMENT);
                    }
            }
        }
        return out.toString();
    }

    /** ASCII characters that need neither escaping nor replacing: one look-up for the usual character. */
    private static final boolean[] PLAIN_ASCII = new boolean[128];

    static {
        for (char c = 0x20; c < 0x7f; c++) {
            PLAIN_ASCII[c] = c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
        }
        PLAIN_ASCII['\n'] = true;
        PLAIN_ASCII['\t'] = true;
    }

    /** An ASCII character that {@link #escape} leaves as it is: a writer may copy it without calling escape. */
    public static boolean plainAscii(char c) {
        return c < 0x80 && PLAIN_ASCII[c];
    }

    /** Needs neither escaping nor replacing. */
    private static boolean plain(char c) {
        if (c < 0x80) {
            return PLAIN_ASCII[c];
        }
        return c >= 0xa0 && c < 0xd800 || c > 0xdfff && c < 0xfffe;
    }

    private static boolean allowed(char c) {
        return c == '\t' || c == '\n' || c >= 0x20 && c < 0xd800 || c > 0xdfff && c < 0xfffe;
    }
}
