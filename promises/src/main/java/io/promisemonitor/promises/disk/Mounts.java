package io.promisemonitor.promises.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mount points of this process's mount namespace, from {@code /proc/self/mountinfo}. */
final class Mounts {

    private final List<String> points;

    private Mounts(List<String> points) {
        this.points = points;
    }

    /** Empty when mountinfo cannot be read (not Linux): callers then cannot tell mount points apart. */
    static Optional<Mounts> read() {
        return read(Path.of("/proc/self/mountinfo"));
    }

    static Optional<Mounts> read(Path mountinfo) {
        try {
            List<String> points = new ArrayList<>();
            for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    points.add(unescape(fields[4]));
                }
            }
            return Optional.of(new Mounts(points));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean isMountPoint(Path realPath) {
        return points.contains(realPath.toString());
    }

    /** The mount point holding {@code realPath}: the longest one that is a prefix of it. */
    String mountPointOf(Path realPath) {
        String best = "/";
        for (String p : points) {
            if (realPath.startsWith(Path.of(p)) && p.length() > best.length()) {
                best = p;
            }
        }
        return best;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String field) {
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
