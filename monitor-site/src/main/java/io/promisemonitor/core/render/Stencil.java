package io.promisemonitor.core.render;

import io.promisemonitor.core.io.XmlText;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A template's output with holes where values go: fixed texts between holes, each hole naming the value it takes and
 * whether the template escaped it ({@code {{x}}}) or not ({@code {{{x}}}}). Made by rendering a template with
 * {@link #marker markers} in place of values and cutting the output at them; filling it then costs string copies
 * instead of a template run. A value that is a {@link Slot} is not filled but left as a hole of the result, which is
 * how a row keeps its relative times open ("3 min ago") while everything else in it is cached.
 */
final class Stencil {

    /** Starts and ends a marker: private-use characters, which the escaping leaves alone and no service prints. */
    static final char START = '\uE000';
    static final char END = '\uE001';
    /** Follows a marker: escaping turns it into {@code &lt;}, which tells an escaped hole from a raw one. */
    private static final String PROBE = "<";
    private static final String PROBE_ESCAPED = "&lt;";

    private final String[] texts;
    private final int[] holes;
    private final boolean[] escaped;
    private final int textLength;
    private volatile Utf8 utf8;

    private Stencil(String[] texts, int[] holes, boolean[] escaped) {
        this.texts = texts;
        this.holes = holes;
        this.escaped = escaped;
        int length = 0;
        for (String t : texts) {
            length += t.length();
        }
        this.textLength = length;
    }

    /** What a template prints for value number {@code index} of a stencil-to-be. */
    static String marker(int index) {
        return START + Integer.toString(index) + END + PROBE;
    }

    /**
     * A value left open: it renders as a marker, so the output of a template given slots (rather than the values)
     * is a stencil whose holes are the slots' numbers. Truthy for {@code #if}, like the non-empty texts it stands
     * for.
     */
    record Slot(int index) {
        @Override
        public String toString() {
            return marker(index);
        }
    }

    /** The stencil of {@code rendered}; null when it holds a {@link #START} that is not a well-formed marker. */
    static Stencil parse(CharSequence rendered) {
        List<String> texts = new ArrayList<>();
        List<Integer> holes = new ArrayList<>();
        List<Boolean> escaped = new ArrayList<>();
        int n = rendered.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (rendered.charAt(i) != START) {
                continue;
            }
            int j = i + 1;
            int index = 0;
            while (j < n && j - i <= 9 && Character.isDigit(rendered.charAt(j))) {
                index = index * 10 + rendered.charAt(j) - '0';
                j++;
            }
            if (j == i + 1 || j >= n || rendered.charAt(j) != END) {
                return null;
            }
            j++;
            boolean escapedHole;
            if (startsWith(rendered, j, PROBE_ESCAPED)) {
                escapedHole = true;
                j += PROBE_ESCAPED.length();
            } else if (startsWith(rendered, j, PROBE)) {
                escapedHole = false;
                j += PROBE.length();
            } else {
                return null;
            }
            texts.add(rendered.subSequence(from, i).toString());
            holes.add(index);
            escaped.add(escapedHole);
            from = j;
            i = j - 1;
        }
        texts.add(rendered.subSequence(from, n).toString());
        int[] h = new int[holes.size()];
        boolean[] e = new boolean[h.length];
        for (int k = 0; k < h.length; k++) {
            h[k] = holes.get(k);
            e[k] = escaped.get(k);
        }
        return new Stencil(texts.toArray(String[]::new), h, e);
    }

    private static boolean startsWith(CharSequence text, int at, String prefix) {
        if (at + prefix.length() > text.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (text.charAt(at + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Writes this stencil for {@link #read}: its texts, holes and whether each hole is escaped. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(holes.length);
        for (int k = 0; k < holes.length; k++) {
            writeText(out, texts[k]);
            out.writeInt(holes[k]);
            out.writeBoolean(escaped[k]);
        }
        writeText(out, texts[holes.length]);
    }

    /**
     * A stencil as {@link #write} wrote it; an {@link IOException} when the bytes cannot be one (holes or
     * texts beyond {@code maxHoles} and {@code maxChars}, a hole numbered below 0).
     */
    static Stencil read(DataInputStream in, int maxHoles, int maxChars) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > maxHoles) {
            throw new IOException("a stencil with " + n + " holes; allowed: 0 to " + maxHoles);
        }
        String[] texts = new String[n + 1];
        int[] holes = new int[n];
        boolean[] escaped = new boolean[n];
        for (int k = 0; k < n; k++) {
            texts[k] = readText(in, maxChars);
            holes[k] = in.readInt();
            if (holes[k] < 0) {
                throw new IOException("a stencil hole numbered " + holes[k]);
            }
            escaped[k] = in.readBoolean();
        }
        texts[n] = readText(in, maxChars);
        return new Stencil(texts, holes, escaped);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in, int maxChars) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxChars) {
            throw new IOException("a stencil text of " + length + " bytes; allowed: 0 to " + maxChars);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A text without holes. */
    static Stencil of(String text) {
        return new Stencil(new String[] {text}, new int[0], new boolean[0]);
    }

    /** The largest value number a hole takes, -1 for none. */
    int maxHole() {
        int max = -1;
        for (int h : holes) {
            max = Math.max(max, h);
        }
        return max;
    }

    /** Whether the holes are values 0 to {@code n - 1}, in order, each once and unescaped. */
    boolean isSequence(int n) {
        if (holes.length != n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (holes[k] != k || escaped[k]) {
                return false;
            }
        }
        return true;
    }

    List<String> texts() {
        return List.of(texts);
    }

    /** Characters of fixed text: with the values' lengths, what the filled text needs. */
    int textLength() {
        return textLength;
    }

    /**
     * Appends the text with hole {@code k} holding {@code values[holes[k]]}, escaped where the template escaped it.
     * A value that is a {@link Slot} is appended as its marker, so the result can be parsed into a smaller stencil.
     */
    void fill(Object[] values, StringBuilder out) {
        for (int k = 0; k < holes.length; k++) {
            out.append(texts[k]);
            Object v = values[holes[k]];
            if (v instanceof Slot slot) {
                out.append(START).append(slot.index()).append(END).append(escaped[k] ? PROBE_ESCAPED : PROBE);
            } else {
                append(v, escaped[k], out);
            }
        }
        out.append(texts[holes.length]);
    }

    private static void append(Object v, boolean escape, StringBuilder out) {
        if (v == null) {
            return;
        }
        if (escape && !(v instanceof com.github.jknack.handlebars.Handlebars.SafeString)) {
            out.append(XmlText.escape(String.valueOf(v)));
        } else {
            out.append(v);
        }
    }

    /** This stencil in UTF-8, made once: for a stencil that fills thousands of pages. */
    Utf8 cachedUtf8() {
        Utf8 u = utf8;
        if (u == null) {
            u = utf8();
            utf8 = u;
        }
        return u;
    }

    /** This stencil in UTF-8: half the memory of its strings, and written out without encoding. */
    Utf8 utf8() {
        byte[][] bytes = new byte[texts.length][];
        int length = 0;
        for (int k = 0; k < texts.length; k++) {
            bytes[k] = texts[k].getBytes(StandardCharsets.UTF_8);
            length += bytes[k].length;
        }
        return new Utf8(bytes, holes, escaped, length);
    }

    /** A stencil whose texts are UTF-8 bytes. */
    static final class Utf8 {
        private final byte[][] texts;
        private final int[] holes;
        private final boolean[] escaped;
        private final int textLength;

        private Utf8(byte[][] texts, int[] holes, boolean[] escaped, int textLength) {
            this.texts = texts;
            this.holes = holes;
            this.escaped = escaped;
            this.textLength = textLength;
        }

        /** The largest value number a hole takes, -1 for none. */
        int maxHole() {
            int max = -1;
            for (int h : holes) {
                max = Math.max(max, h);
            }
            return max;
        }

        /** Bytes of fixed text. */
        int textLength() {
            return textLength;
        }

        /** The value of each hole, in order, escaped where the template escaped it, in UTF-8. */
        byte[][] values(Object[] values) {
            byte[][] out = new byte[holes.length][];
            Utf8Text text = new Utf8Text(32);
            for (int k = 0; k < holes.length; k++) {
                text.clear();
                append(values[holes[k]], escaped[k], text);
                out[k] = text.toByteArray();
            }
            return out;
        }

        /** Appends the text with hole {@code k} holding {@code values[k]}, escaped where the template escaped it. */
        void fill(Object[] values, Utf8Text out) {
            for (int k = 0; k < holes.length; k++) {
                out.append(texts[k]);
                Object v = values[holes[k]];
                if (v instanceof Slot) {
                    throw new IllegalArgumentException("slot " + v + " cannot be written as bytes");
                }
                append(v, escaped[k], out);
            }
            out.append(texts[holes.length]);
        }

        private static void append(Object v, boolean escape, Utf8Text out) {
            if (v == null) {
                return;
            }
            CharSequence text = v instanceof CharSequence c ? c : String.valueOf(v);
            if (escape && !(v instanceof com.github.jknack.handlebars.Handlebars.SafeString)) {
                out.appendEscaped(text);
            } else {
                out.append(text);
            }
        }

        private static final ThreadLocal<Utf8Text> BINDING = ThreadLocal.withInitial(Utf8Text::new);

        /**
         * This stencil with every value filled in but {@link Slot slots}, which stay holes numbered by the slot:
         * what filling it with the slots' markers and parsing the text again would give, without the text.
         */
        Utf8 bind(Object[] values) {
            List<byte[]> boundTexts = new ArrayList<>();
            List<Integer> boundHoles = new ArrayList<>();
            List<Boolean> boundEscaped = new ArrayList<>();
            // each thread's buffer: thousands of rows are bound after a restart, and only their pieces are kept
            Utf8Text text = BINDING.get();
            text.clear();
            int length = 0;
            for (int k = 0; k < holes.length; k++) {
                text.append(texts[k]);
                Object v = values[holes[k]];
                if (v instanceof Slot slot) {
                    byte[] piece = text.toByteArray();
                    boundTexts.add(piece);
                    length += piece.length;
                    boundHoles.add(slot.index());
                    boundEscaped.add(escaped[k]);
                    text.clear();
                } else {
                    append(v, escaped[k], text);
                }
            }
            text.append(texts[holes.length]);
            byte[] last = text.toByteArray();
            boundTexts.add(last);
            length += last.length;
            int[] h = new int[boundHoles.size()];
            boolean[] e = new boolean[h.length];
            for (int k = 0; k < h.length; k++) {
                h[k] = boundHoles.get(k);
                e[k] = boundEscaped.get(k);
            }
            return new Utf8(boundTexts.toArray(byte[][]::new), h, e, length);
        }

        /** Writes the text with its holes holding {@code values} (from {@link #values}) at {@code at}; returns the end. */
        int write(byte[][] values, byte[] out, int at) {
            for (int k = 0; k < holes.length; k++) {
                System.arraycopy(texts[k], 0, out, at, texts[k].length);
                at += texts[k].length;
                System.arraycopy(values[k], 0, out, at, values[k].length);
                at += values[k].length;
            }
            byte[] last = texts[holes.length];
            System.arraycopy(last, 0, out, at, last.length);
            return at + last.length;
        }

        /** The text with its holes holding {@code values}. */
        String fill(Object[] values) {
            byte[][] v = values(values);
            int length = textLength;
            for (byte[] b : v) {
                length += b.length;
            }
            byte[] out = new byte[length];
            write(v, out, 0);
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** {@link #fill} into a new string. */
    String fill(Object... values) {
        StringBuilder out = new StringBuilder(textLength + 16 * holes.length + 16);
        fill(values, out);
        return out.toString();
    }
}
