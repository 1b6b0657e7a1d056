package io.promisemonitor.core.render;

import io.promisemonitor.core.io.XmlText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A page being made, as UTF-8 bytes in a buffer that is reused from page to page, and compared with the file it
 * would replace by AtomicFiles without a copy. Rendering thousands of pages over an already rendered folder (after
 * a restart) then allocates next to nothing: a text, its string, its bytes and the old file's bytes were four
 * copies of every page.
 */
final class Utf8Text {

    private byte[] bytes;
    private int length;

    Utf8Text() {
        this(16 * 1024);
    }

    Utf8Text(int capacity) {
        bytes = new byte[capacity];
    }

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    void append(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    void append(byte b) {
        room(1);
        bytes[length++] = b;
    }

    /** Appends {@code text} encoded in UTF-8; a lone surrogate becomes {@code ?}, as String.getBytes does. */
    void append(CharSequence text) {
        if (text instanceof String s && s.length() >= LONG_TEXT) {
            // a strip's cells, a long message: for an ASCII string the JDK's encoder is a check and a copy, not a loop
            // over characters (the same bytes: a lone surrogate becomes ? there too)
            append(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        append(text, 0, text.length());
    }

    /** From this length on, a string is encoded by the JDK (a new array) rather than character by character. */
    private static final int LONG_TEXT = 64;

    /** Appends characters {@code from} to {@code n} (excluded) of {@code text}, as {@link #append(CharSequence)}. */
    void append(CharSequence text, int from, int n) {
        room(n - from);
        int i = from;
        // the usual case, ASCII, a byte a character
        while (i < n) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                break;
            }
            bytes[length++] = (byte) c;
            i++;
        }
        if (i < n) {
            room(3 * (n - i));
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    bytes[length++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[length++] = (byte) (0xc0 | c >> 6);
                    bytes[length++] = (byte) (0x80 | c & 0x3f);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    bytes[length++] = (byte) (0xf0 | cp >> 18);
                    bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    bytes[length++] = (byte) (0x80 | cp & 0x3f);
                } else if (Character.isSurrogate(c)) {
                    bytes[length++] = '?';
                } else {
                    bytes[length++] = (byte) (0xe0 | c >> 12);
                    bytes[length++] = (byte) (0x80 | c >> 6 & 0x3f);
                    bytes[length++] = (byte) (0x80 | c & 0x3f);
                }
            }
        }
    }

    /**
     * Appends {@code text} as {@link XmlText#escape} escapes it, in UTF-8: its plain ASCII head byte by byte in one
     * pass, the rest (from the first character that is not) through escape. Most values of a page are plain ASCII.
     */
    void appendEscaped(CharSequence text) {
        int n = text.length();
        room(n);
        int i = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!XmlText.plainAscii(c)) {
                break;
            }
            bytes[length++] = (byte) c;
        }
        if (i < n) {
            append(XmlText.escape(text.subSequence(i, n)));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** The bytes so far are the first {@link #length()} of this buffer, which the next page reuses. */
    byte[] buffer() {
        return bytes;
    }
}
