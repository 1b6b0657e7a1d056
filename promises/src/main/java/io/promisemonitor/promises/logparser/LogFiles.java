package io.promisemonitor.promises.logparser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** Finding log files (globs), recognising them (inode and first bytes) and finding where a rotated one went. */
final class LogFiles {

    /** How many first bytes identify a file's content, beside its inode. */
    static final int HEAD = 1024;
    /** How many files of a folder are looked at for a rotated file. */
    static final int MAX_CANDIDATES = 200;

    private LogFiles() {
    }

    static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0 || text.indexOf('{') >= 0;
    }

    /** The regular files matching an absolute glob, sorted. */
    static List<Path> expand(Path glob) throws IOException {
        Path base = glob.getRoot();
        int depth = 0;
        boolean deep = false;
        boolean inGlob = false;
        for (Path segment : glob) {
            String s = segment.toString();
            if (!inGlob && !isGlob(s)) {
                base = base.resolve(s);
            } else {
                inGlob = true;
                depth++;
                deep |= s.contains("**");
            }
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> walk = Files.walk(base, deep ? Integer.MAX_VALUE : depth)) {
            return walk.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The file's identity on its file system: device and inode on Linux ({@code (dev=803,ino=1234)}). */
    static String key(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return key == null ? "" : key.toString();
    }

    static long headCrc(FileChannel channel, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(length);
        while (head.hasRemaining()) {
            if (channel.read(head, head.position()) <= 0) {
                break;
            }
        }
        head.flip();
        CRC32C crc = new CRC32C();
        crc.update(head);
        return length == head.limit() ? crc.getValue() : -1;
    }

    static boolean headMatches(FileChannel channel, LogState.Position position) throws IOException {
        return position.headLength() == 0 || headCrc(channel, position.headLength()) == position.headCrc();
    }

    /**
     * Where the content of {@code path} as last seen may be now: the same inode renamed ({@code kvm.log.1}, the
     * usual rotation), or a copy starting with the same bytes and at least as long as what was read
     * (copytruncate). Compressed files are not looked into. Null when none is found.
     */
    static Path previous(Path path, LogState.Position position) {
        Path folder = path.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>();
        Path first = path.resolveSibling(path.getFileName() + ".1");
        if (Files.isRegularFile(first)) {
            candidates.add(first);
        }
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(p -> !p.equals(path) && !p.equals(first) && Files.isRegularFile(p) && !compressed(p))
                    .sorted(Comparator.comparingLong(LogFiles::modified).reversed())
                    .limit(MAX_CANDIDATES)
                    .forEach(candidates::add);
        } catch (IOException | UncheckedIOException e) {
            // an unlistable folder: only the .1 file is tried
        }
        Path sameContent = null;
        for (Path candidate : candidates) {
            try (FileChannel ch = FileChannel.open(candidate)) {
                if (ch.size() < position.offset()) {
                    continue;
                }
                boolean sameKey = key(candidate).equals(position.key()) && !position.key().isEmpty();
                boolean sameHead = position.headLength() > 0 && headMatches(ch, position);
                if (sameKey && (sameHead || position.headLength() == 0)) {
                    return candidate;
                }
                if (sameHead && sameContent == null) {
                    sameContent = candidate;
                }
            } catch (IOException e) {
                // unreadable candidate: not ours to read anyway
            }
        }
        return sameContent;
    }

    private static boolean compressed(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".gz") || n.endsWith(".xz") || n.endsWith(".bz2") || n.endsWith(".zst")
                || n.endsWith(".lz4") || n.endsWith(".zip");
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Why {@code path} cannot be read as a log file, or null when it can be tried. */
    static String notAFile(Path path) {
        if (Files.isRegularFile(path)) {
            return null;
        }
        if (Files.isDirectory(path)) {
            return "is a folder, not a file";
        }
        if (Files.exists(path)) {
            return "is not a regular file (a FIFO, socket or device), so it is not read";
        }
        return Files.isSymbolicLink(path) ? "is a symbolic link to a missing file" : "does not exist";
    }
}
