package io.promisemonitor.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A SlapOS instance rebuilt from SlapOS's own stack templates, copied into a temporary folder as buildout would have
 * left it. The fixtures live in {@code cli/src/test/resources/slapos/<name>/}, each with a README naming its
 * sources; absolute paths in them are written {@link #PLACEHOLDER}, replaced here by the instance root.
 *
 * <p>Two files of a fixture are instructions to this class, not part of the instance: {@code .mkdirectory} lists
 * the empty folders SlapOS's {@code mkdirectory} recipe makes (git keeps no empty folder), and {@code .modes} the
 * octal mode each recipe gives a file ({@code 0700 etc/promise/x}), since Maven's resource copy drops modes.
 *
 * <pre>{@code
 * Path instance = SlapOsFixture.copy("2016-monitor", tempDir);
 * // instance is tempDir/slappart3, with etc/monitor.conf and etc/promise/* ready to run
 * }</pre>
 */
public final class SlapOsFixture {

    public static final String PLACEHOLDER = "@@INSTANCE@@";
    /** The partition folder name SlapOS gives the instance; the fixtures' scripts name it too. */
    public static final String PARTITION = "slappart3";
    static final String FOLDERS = ".mkdirectory";
    static final String MODES = ".modes";
    private static final Path FROM_PROJECT = Path.of("cli", "src", "test", "resources", "slapos");

    private SlapOsFixture() {
    }

    /** The folder holding every fixture, found from the working directory (any module of the project). */
    public static Path fixtures() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FROM_PROJECT);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(FROM_PROJECT + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Fixture names, sorted: {@code 2015-monitor2}, {@code 2016-monitor}, ... */
    public static List<String> names() {
        try (Stream<Path> entries = Files.list(fixtures())) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies fixture {@code name} to {@code dir/slappart3} and returns that instance root. */
    public static Path copy(String name, Path dir) {
        Path source = fixtures().resolve(name);
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("SlapOS fixture '" + name + "' not found, known: " + names());
        }
        return copyFolder(source, dir.resolve(PARTITION));
    }

    /** Copies the fixture folder {@code source} to {@code root} (made if missing) and returns {@code root}. */
    public static Path copyFolder(Path source, Path root) {
        Path target = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target);
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path from : (Iterable<Path>) tree::iterator) {
                    Path relative = source.relativize(from);
                    if (relative.toString().equals(FOLDERS) || relative.toString().equals(MODES)) {
                        continue;
                    }
                    Path to = target.resolve(relative.toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.write(to, withRoot(Files.readAllBytes(from), target));
                        if (Files.isExecutable(from)) {
                            chmod(to, "rwxr-xr-x");
                        }
                    }
                }
            }
            for (String line : lines(source.resolve(FOLDERS))) {
                Files.createDirectories(target.resolve(line));
            }
            for (String line : lines(source.resolve(MODES))) {
                String[] parts = line.split(" ", 2);
                Path file = target.resolve(parts[1]);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException(source.resolve(MODES) + " names a missing file: " + parts[1]);
                }
                chmod(file, symbolic(Integer.parseInt(parts[0], 8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static byte[] withRoot(byte[] content, Path root) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException binary) {
            return content;
        }
        return text.replace(PLACEHOLDER, root.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static void chmod(Path file, String symbolic) throws IOException {
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(symbolic);
        Files.setPosixFilePermissions(file, permissions);
    }

    private static String symbolic(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder out = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            out.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return out.toString();
    }
}
