package io.promisemonitor.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An INI file read with the semantics of Python's {@code RawConfigParser}, because that is how SlapOS writes
 * these files: {@code =} or {@code :} delimiters, indented continuation lines extending the value (one list item
 * a line), whole-line {@code #} and {@code ;} comments, case-insensitive keys, no {@code %} interpolation, and a
 * duplicate section or key is an error naming both lines.
 *
 * <p>ini4j was measured and rejected: it throws on indented continuation lines, rewrites backslashes and is
 * unmaintained (see docs/configuration.md).
 */
public final class IniFile {

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\n|\r");

    private final Path file;
    private final Map<String, Section> sections;

    private IniFile(Path file, Map<String, Section> sections) {
        this.file = file;
        this.sections = Collections.unmodifiableMap(sections);
    }

    /** One {@code key = value} entry; {@code lines} holds the first line's value and each continuation line. */
    public record Entry(String key, int line, List<String> lines) {

        /**
         * The value as Python gives it: the lines joined by newlines, without blank lines at either end; a value
         * that is one whole JSON string literal (what {@code key = json.dumps(value)} renders) is decoded.
         */
        public String value() {
            String decoded = jsonLiteral();
            return decoded != null ? decoded.strip() : String.join("\n", lines).strip();
        }

        /** The value as a list: one item per non-blank line (of the decoded text for a JSON string literal). */
        public List<String> items() {
            String decoded = jsonLiteral();
            List<String> items = new ArrayList<>();
            for (String l : decoded != null ? List.of(decoded.split("\n", -1)) : lines) {
                if (!l.isBlank()) {
                    items.add(l.strip());
                }
            }
            return items;
        }

        /** True when the value is one whole JSON string literal, {@code "..."}, read decoded. */
        public boolean isJsonLiteral() {
            return jsonLiteral() != null;
        }

        private String jsonLiteral() {
            String only = null;
            for (String l : lines) {
                if (!l.isBlank()) {
                    if (only != null) {
                        return null;
                    }
                    only = l.strip();
                }
            }
            return only == null ? null : JsonString.decode(only);
        }
    }

    /** A {@code [section]} with its entries in file order, keys lower-cased. */
    public record Section(String name, int line, Map<String, Entry> entries) {

        public Optional<Entry> get(String key) {
            return Optional.ofNullable(entries.get(key.toLowerCase(Locale.ROOT)));
        }
    }

    public Path file() {
        return file;
    }

    public Map<String, Section> sections() {
        return sections;
    }

    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /**
     * Larger files are refused unread: these files hold a few keys, and a 20 MB one once made every scheduler tick
     * run out of memory.
     */
    public static final int MAX_BYTES = 1 << 20;

    /**
     * Reads and parses a file; every failure is a {@link ConfigException} naming the file and line. Only a regular
     * file is opened: opening a FIFO would block the reader until someone writes to it.
     */
    public static IniFile read(Path file) {
        return parse(file, decode(file, readBounded(file)));
    }

    private static byte[] readBounded(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw new ConfigException(new ConfigProblem(file, 0, "is a symbolic link to " + linkTarget(file)
                        + ", which does not exist; allowed: a regular file, or a link to one"));
            }
            throw new ConfigException(new ConfigProblem(file, 0, "file does not exist"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read the file: permission denied"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read the file: " + e.getMessage()));
        }
        if (attributes.isDirectory()) {
            throw new ConfigException(new ConfigProblem(file, 0, "is a folder; allowed: a regular file"));
        }
        if (!attributes.isRegularFile()) {
            throw new ConfigException(new ConfigProblem(file, 0, "is a " + kind(file) + "; allowed: a regular"
                    + " file"));
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(file, attributes.size() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read the file: permission denied"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read the file: " + e.getMessage()));
        }
        if (bytes.length > MAX_BYTES) {
            // it grew after it was measured
            throw tooLarge(file, "over " + MAX_BYTES + " bytes");
        }
        return bytes;
    }

    private static ConfigException tooLarge(Path file, String size) {
        return new ConfigException(new ConfigProblem(file, 0, "file too large (" + size + "); allowed: at most 1 MiB ("
                + MAX_BYTES + " bytes)"));
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a file";
        }
    }

    /** What a file that is neither a folder nor a regular file is, from its mode bits (Linux's unix view). */
    private static String kind(Path file) {
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            switch (type) {
                case 0010000: return "FIFO (named pipe)";
                case 0020000: return "character device";
                case 0060000: return "block device";
                case 0140000: return "socket";
                default: break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // the generic name below
        }
        return "special file";
    }

    private static final byte[][] BOMS = {
        {0, 0, (byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE, 0, 0}, {(byte) 0xFE, (byte) 0xFF},
        {(byte) 0xFF, (byte) 0xFE}};
    private static final String[] BOM_NAMES = {"UTF-32BE", "UTF-32LE", "UTF-16BE", "UTF-16LE"};

    /**
     * UTF-8 or a message that says what the file is instead: editors on other systems save UTF-16 with a byte
     * order mark, and a NUL byte is never meant (it would cut a path or an argument short).
     */
    private static String decode(Path file, byte[] bytes) {
        for (int i = 0; i < BOMS.length; i++) {
            if (Arrays.equals(bytes, 0, Math.min(bytes.length, BOMS[i].length), BOMS[i], 0, BOMS[i].length)) {
                throw new ConfigException(new ConfigProblem(file, 1, "is " + BOM_NAMES[i] + " text (it starts with a"
                        + " " + BOM_NAMES[i] + " byte order mark); allowed: UTF-8 text (iconv -f " + BOM_NAMES[i]
                        + " -t UTF-8 converts it)"));
            }
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                String guess = bytes.length > 1 && (bytes[0] == 0) != (bytes[1] == 0)
                        ? " (it looks like " + (bytes[0] == 0 ? "UTF-16BE" : "UTF-16LE") + " text without a byte order"
                                + " mark)" : "";
                throw new ConfigException(new ConfigProblem(file, lineOf(bytes, i), "holds a NUL byte at byte offset "
                        + i + guess + "; allowed: UTF-8 text without NUL bytes"));
            }
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new ConfigException(new ConfigProblem(file, lineOf(bytes, offset), String.format(Locale.ROOT,
                    "is not UTF-8: byte 0x%02X at byte offset %d; allowed: UTF-8 text (iconv -f LATIN1 -t UTF-8"
                            + " converts Latin-1)", bytes[offset] & 0xFF, offset)));
        }
        return out.flip().toString();
    }

    /** The line holding byte {@code offset}, counting line breaks as {@link #parse} does. */
    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
            }
        }
        return line;
    }

    public static IniFile parse(Path file, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, Section> sections = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Entry> current = null;
        String currentKey = null;
        List<String> currentLines = null;
        String[] lines = LINE_BREAK.split(text, -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String raw = lines[i];
            String stripped = raw.strip();
            if (stripped.isEmpty()) {
                if (currentLines != null) {
                    currentLines.add("");
                }
                continue;
            }
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (indented && currentLines != null) {
                currentLines.add(stripped);
                continue;
            }
            if (stripped.startsWith("[")) {
                if (!stripped.endsWith("]") || stripped.length() < 3) {
                    problems.add(new ConfigProblem(file, number, "'" + stripped
                            + "' is not a section header; allowed: [name]"));
                    current = null;
                    currentLines = null;
                    continue;
                }
                String name = stripped.substring(1, stripped.length() - 1).strip();
                Section previous = sections.get(name);
                if (previous != null) {
                    problems.add(new ConfigProblem(file, number, "section [" + name
                            + "] appears twice (first at line " + previous.line() + ")"));
                    current = null;
                    currentLines = null;
                    continue;
                }
                current = new LinkedHashMap<>();
                sections.put(name, new Section(name, number, current));
                currentKey = null;
                currentLines = null;
                continue;
            }
            int delimiter = firstDelimiter(stripped);
            if (delimiter <= 0) {
                problems.add(new ConfigProblem(file, number, indented
                        ? "'" + stripped + "' is indented but continues no key; allowed: key = value, then"
                                + " indented lines for more items"
                        : "'" + stripped + "' is not 'key = value'"));
                currentLines = null;
                continue;
            }
            if (current == null) {
                if (sections.isEmpty()) {
                    problems.add(new ConfigProblem(file, number, "'" + stripped
                            + "' comes before any section header; start the file with a [section] line"));
                }
                currentLines = null;
                continue;
            }
            String key = stripped.substring(0, delimiter).strip().toLowerCase(Locale.ROOT);
            String value = stripped.substring(delimiter + 1).strip();
            Entry existing = current.get(key);
            if (existing != null) {
                problems.add(new ConfigProblem(file, number, "key '" + key + "' appears twice in the section"
                        + " (first at line " + existing.line() + ")"));
                currentLines = null;
                continue;
            }
            currentKey = key;
            currentLines = new ArrayList<>();
            currentLines.add(value);
            current.put(currentKey, new Entry(currentKey, number, currentLines));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, Section> frozen = new LinkedHashMap<>();
        for (Section s : sections.values()) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Entry e : s.entries().values()) {
                List<String> trimmed = new ArrayList<>(e.lines());
                while (trimmed.size() > 1 && trimmed.get(trimmed.size() - 1).isEmpty()) {
                    trimmed.remove(trimmed.size() - 1);
                }
                entries.put(e.key(), new Entry(e.key(), e.line(), List.copyOf(trimmed)));
            }
            frozen.put(s.name(), new Section(s.name(), s.line(), Collections.unmodifiableMap(entries)));
        }
        return new IniFile(file, frozen);
    }

    private static int firstDelimiter(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        if (colon < 0) {
            return eq;
        }
        return Math.min(eq, colon);
    }
}
