package io.promisemonitor.promises.logparser;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.promises.Plugins;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineScannerTest {

    @TempDir
    Path dir;

    /** What the scanner reported: offsets and lines. */
    private record Found(List<Long> offsets, List<String> lines, LineScanner.Outcome outcome) {
    }

    private static Found scan(Path file, List<String> patterns, List<String> ignores, boolean prefilter, int buffer)
            throws Exception {
        List<Pattern> p = patterns.stream().map(Pattern::compile).toList();
        List<Pattern> i = ignores.stream().map(Pattern::compile).toList();
        Optional<List<String>> literals = prefilter ? Literals.required(patterns) : Optional.empty();
        assertThat(literals.isPresent()).as("prefilter for " + patterns).isEqualTo(prefilter);
        LineScanner scanner = new LineScanner(p, i, literals, buffer);
        List<Long> offsets = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file)) {
            LineScanner.Outcome o = scanner.scan(ch, 0, ch.size(), false, (offset, line) -> {
                offsets.add(offset);
                lines.add(line);
            });
            return new Found(offsets, lines, o);
        }
    }

    /** The obvious way: split the bytes at newlines, decode each line, run the regexes. */
    private static List<Long> reference(byte[] bytes, List<String> patterns, List<String> ignores) {
        List<Long> offsets = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String line = new String(bytes, start, stop - start, StandardCharsets.UTF_8);
            if (patterns.stream().anyMatch(r -> Pattern.compile(r).matcher(line).find())
                    && ignores.stream().noneMatch(r -> Pattern.compile(r).matcher(line).find())) {
                offsets.add((long) start);
            }
            start = end + 1;
        }
        return offsets;
    }

    private static byte[] corpus(int lines, long seed) {
        String[] parts = {"INFO ok", "ERROR disk full", "FATAL: échec total", "WARN slow", "ERROR ignored here",
            "debug ERRO R", "€ ERROR € wide", "", "FATAL", "x ERRORERROR y", "ERROR\r"};
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++) {
            out.writeBytes(parts[random.nextInt(parts.length)].getBytes(StandardCharsets.UTF_8));
            if (random.nextInt(20) == 0) {
                out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc3, 'E', 'R', 'R', 'O', 'R'}); // invalid UTF-8
            }
            out.write('\n');
        }
        out.writeBytes("ERROR without newline".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void withAndWithoutPrefilterItFindsTheLinesTheObviousWayFinds() throws Exception {
        byte[] bytes = corpus(5000, 1);
        Path file = Files.write(dir.resolve("app.log"), bytes);
        List<String> patterns = List.of("ERROR|FATAL");
        List<String> ignores = List.of("ignored");
        List<Long> expected = reference(bytes, patterns, ignores);

        for (int buffer : new int[] {64, 1000, 1 << 20}) {
            assertThat(scan(file, patterns, ignores, true, buffer).offsets()).as("prefilter, buffer " + buffer)
                    .isEqualTo(expected);
            assertThat(scan(file, patterns, ignores, false, buffer).offsets()).as("plain, buffer " + buffer)
                    .isEqualTo(expected);
        }
        assertThat(expected).hasSizeGreaterThan(1000);
    }

    @Test
    void linesAreDecodedAsUtf8WithInvalidBytesReplacedAndCarriageReturnsDropped() throws Exception {
        Path file = Files.write(dir.resolve("app.log"), new byte[] {'E', 'R', 'R', 'O', 'R', ' ', (byte) 0xff, ' ',
            (byte) 0xc3, (byte) 0xa9, '\r', '\n'});

        Found found = scan(file, List.of("ERROR"), List.of(), true, 1 << 20);

        assertThat(found.lines()).containsExactly("ERROR \uFFFD é");
    }

    @Test
    void aLastLineWithoutNewlineIsMatchedAndTheScanEndsAtItsStart() throws Exception {
        Path file = Files.writeString(dir.resolve("app.log"), "INFO a\nERROR b");

        Found found = scan(file, List.of("ERROR"), List.of(), true, 1 << 20);

        assertThat(found.lines()).containsExactly("ERROR b");
        assertThat(found.outcome()).isEqualTo(new LineScanner.Outcome(7, true, 14));
    }

    @Test
    void aLineLongerThanTheBufferIsMatchedOnItsStartAndTheNextLinesAreRead() throws Exception {
        String longLine = "ERROR " + "x".repeat(10 * 1024 * 1024);
        Path file = Files.writeString(dir.resolve("app.log"), "INFO\n" + longLine + "\nERROR after\n" + "y".repeat(
                3000) + " ERROR at the end of a long line\nERROR last\n");

        for (boolean prefilter : new boolean[] {true, false}) {
            Found found = scan(file, List.of("ERROR"), List.of(), prefilter, 1024);

            assertThat(found.offsets()).as("prefilter " + prefilter).containsExactly(5L,
                    5L + longLine.length() + 1, 5L + longLine.length() + 1 + 12 + 3000 + 32 + 1);
            assertThat(found.lines().get(0)).hasSize(1024);
            assertThat(found.outcome().end()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void itCountsWhatGrepCountsOnTheSameFile() throws Exception {
        Path grep = Plugins.require(Path.of("/usr/bin/grep"), "grep");
        StringBuilder text = new StringBuilder();
        Random random = new Random(7);
        String[] words = {"disk", "full", "ERROR", "FATAL", "time=123ms", "time=9ms", "failed", "ok", "échec", "x"};
        for (int i = 0; i < 20000; i++) {
            int n = 1 + random.nextInt(6);
            for (int w = 0; w < n; w++) {
                text.append(w > 0 ? " " : "").append(words[random.nextInt(words.length)]);
            }
            text.append('\n');
        }
        Path file = Files.writeString(dir.resolve("app.log"), text);
        for (String regex : List.of("ERROR|FATAL", "disk .* full", "time=[0-9]{3}ms", "^failed", "failed$",
                "échec x", "ok|x")) {
            ProcessBuilder pb = new ProcessBuilder(grep.toString(), "-a", "-c", "-E", regex, file.toString());
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            long expected = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .strip());
            p.waitFor();

            boolean prefilter = Literals.required(List.of(regex)).isPresent();
            assertThat(scan(file, List.of(regex), List.of(), prefilter, 4096).lines()).as(regex)
                    .hasSize((int) expected);
        }
    }
}
