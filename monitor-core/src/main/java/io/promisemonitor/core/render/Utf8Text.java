package io.promisemonitor.core.render;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A page being made, as UTF-8 bytes in a buffer that is reused from page to page; and the comparison with the file
 * it would replace, read into a second reused buffer. Rendering thousands of pages over an already rendered folder
 * (after a restart) then allocates next to nothing: a text, its string, its bytes and the old file's bytes were four
 * copies of every page.
 */
final class Utf8Text {

    private byte[] bytes;
    private byte[] old = new byte[0];
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

    /** Appends {@code text} encoded in UTF-8; a lone surrogate becomes {@code ?}, as String.getBytes does. */
    void append(CharSequence text) {
        int n = text.length();
        room(n);
        int i = 0;
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

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Whether {@code file} holds exactly these bytes; false when it cannot be read. */
    boolean sameAs(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != length) {
                return false;
            }
            if (old.length < length) {
                old = new byte[Math.max(length, 2 * old.length)];
            }
            ByteBuffer into = ByteBuffer.wrap(old, 0, length);
            while (into.hasRemaining()) {
                if (channel.read(into) < 0) {
                    return false;
                }
            }
            return Arrays.equals(old, 0, length, bytes, 0, length);
        } catch (IOException e) {
            return false;
        }
    }
}
