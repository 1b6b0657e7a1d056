package io.promisemonitor.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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

        /** The value as Python gives it: the lines joined by newlines, without blank lines at either end. */
        public String value() {
            return String.join("\n", lines).strip();
        }

        /** The value as a list: one item per non-blank line. */
        public List<String> items() {
            List<String> items = new ArrayList<>();
            for (String l : lines) {
                if (!l.isBlank()) {
                    items.add(l.strip());
                }
            }
            return items;
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

    /** Reads and parses a file; every failure is a {@link ConfigException} naming the file and line. */
    public static IniFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "file does not exist"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read the file: permission denied"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "cannot read the file: " + e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(file, 0, "is not valid UTF-8 text"));
        }
        return parse(file, text);
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
