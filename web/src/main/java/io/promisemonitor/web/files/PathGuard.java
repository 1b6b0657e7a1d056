package io.promisemonitor.web.files;

import io.promisemonitor.core.publish.PercentDecoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Maps the part of a request path below a mount ({@code /public/}) to a file under its root folder. The path is
 * decoded one segment at a time and refused (400) when a segment is empty, {@code .} or {@code ..}, or decodes
 * to a slash, a backslash, a NUL or another control character. Walking down from the root, a symbolic link is
 * followed only when it is one the monitor made (listed in its manifest) and leads inside the real path its target
 * had when the monitor made it, which becomes the new boundary; or when it stays inside the current boundary. So
 * what decides is where a link leads, never its name: a link of the monitor's replaced by one to {@code /etc}, or a
 * published file replaced by a link to {@code /etc/passwd}, answers 404, as do any other link and hidden files.
 * Each such refusal is logged once, not at every request.
 */
public final class PathGuard {

    /** What a path led to. */
    public enum Kind { FILE, DIRECTORY, NOT_FOUND, BAD_REQUEST }

    /** The answer: for FILE and DIRECTORY, the real path and its attributes; for BAD_REQUEST, why. */
    public record Resolved(Kind kind, Path path, BasicFileAttributes attributes, String reason) {

        static Resolved notFound() {
            return new Resolved(Kind.NOT_FOUND, null, null, "not found");
        }

        static Resolved bad(String reason) {
            return new Resolved(Kind.BAD_REQUEST, null, null, reason);
        }
    }

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web.files");

    /** Refusals already logged; bounded, as their number depends on what is on disk. */
    static final int MAX_LOGGED = 1000;

    private final Path logicalRoot;
    private final Supplier<Map<Path, Path>> manifest;
    private final Consumer<Path> leadsOut;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile Path realRoot;

    /**
     * @param root the folder as configured; the manifest lists links by their path under it
     * @param manifest the links the monitor made, each with the real path it may lead into; asked for only when
     *     a link is met
     */
    public PathGuard(Path root, Supplier<Map<Path, Path>> manifest) {
        this(root, manifest, path -> { });
    }

    /**
     * @param leadsOut told once of each path refused below one of the monitor's links, as it leads out of that
     *     link's target; the executor reports these in the owning service's message
     */
    public PathGuard(Path root, Supplier<Map<Path, Path>> manifest, Consumer<Path> leadsOut) {
        this.logicalRoot = root.toAbsolutePath().normalize();
        this.manifest = manifest;
        this.leadsOut = leadsOut;
    }

    public Path root() {
        return logicalRoot;
    }

    /** Resolves {@code raw}, the still percent-encoded path below the root, without a leading slash. */
    public Resolved resolve(String raw) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        int length = raw.length();
        while (start < length) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            String segment;
            try {
                segment = decode(raw, start, end);
            } catch (IllegalArgumentException e) {
                return Resolved.bad(e.getMessage());
            }
            String problem = problem(segment);
            if (problem != null) {
                return Resolved.bad(problem);
            }
            segments.add(segment);
            start = end + 1;
        }
        Path root = realRoot();
        if (root == null) {
            return Resolved.notFound();
        }
        return walk(root, segments);
    }

    private Resolved walk(Path root, List<String> segments) {
        Path boundary = root;
        Path current = root;
        BasicFileAttributes attributes = null;
        try {
            if (segments.isEmpty()) {
                attributes = Files.readAttributes(root, BasicFileAttributes.class);
            }
            for (int i = 0; i < segments.size(); i++) {
                if (attributes != null && !attributes.isDirectory()) {
                    return Resolved.notFound();
                }
                String segment = segments.get(i);
                if (segment.charAt(0) == '.') {
                    // temporary files of atomic writes, and whatever else is meant to stay hidden
                    return Resolved.notFound();
                }
                Path candidate = current.resolve(segment);
                attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    Path target = candidate.toRealPath();
                    Path logical = logical(segments, i);
                    Path recorded = manifest.get().get(logical);
                    if (recorded != null) {
                        if (!target.startsWith(recorded)) {
                            refused(logical, "a link of the monitor's that leads to " + target + ", outside "
                                    + recorded + " where its target was when it was made");
                            return Resolved.notFound();
                        }
                        boundary = recorded;
                    } else if (!target.startsWith(boundary)) {
                        if (refused(logical, "a symbolic link to " + target + ", outside " + boundary)
                                && boundary != root) {
                            leadsOut.accept(logical);
                        }
                        return Resolved.notFound();
                    }
                    candidate = target;
                    attributes = Files.readAttributes(target, BasicFileAttributes.class);
                }
                current = candidate;
            }
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Resolved.notFound();
        }
        if (!current.startsWith(boundary)) {
            // cannot happen through the walk above; kept so that a change to it fails closed
            return Resolved.notFound();
        }
        if (attributes.isDirectory()) {
            return new Resolved(Kind.DIRECTORY, current, attributes, null);
        }
        if (attributes.isRegularFile()) {
            return new Resolved(Kind.FILE, current, attributes, null);
        }
        return Resolved.notFound();
    }

    /** Logs a refusal the first time it is met; returns whether this was the first time. */
    private boolean refused(Path logical, String why) {
        String line = logical + " is " + why + ": refused (404)";
        if (logged.size() < MAX_LOGGED && logged.add(line)) {
            LOG.log(System.Logger.Level.WARNING, line + "; logged once");
            return true;
        }
        return false;
    }

    /** The path of segment {@code last} as the monitor names its links: under the root as configured. */
    private Path logical(List<String> segments, int last) {
        Path p = logicalRoot;
        for (int i = 0; i <= last; i++) {
            p = p.resolve(segments.get(i));
        }
        return p;
    }

    private Path realRoot() {
        Path root = realRoot;
        if (root == null) {
            try {
                // the executor may create the folder after the server started
                root = logicalRoot.toRealPath();
                realRoot = root;
            } catch (IOException e) {
                return null;
            }
        }
        return root;
    }

    private static String problem(String segment) {
        if (segment.isEmpty()) {
            return "empty path segment";
        }
        if (segment.equals(".") || segment.equals("..")) {
            return "'" + segment + "' in path";
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\') {
                return "encoded slash or backslash in path";
            }
            if (c < 0x20 || c == 0x7f) {
                return "control character in path";
            }
        }
        return null;
    }

    /** Strict percent-decoding of one segment as UTF-8. */
    static String decode(String raw, int start, int end) {
        try {
            return PercentDecoding.decode(raw, start, end, false);
        } catch (PercentDecoding.Malformed e) {
            throw new IllegalArgumentException(switch (e.problem()) {
                case BAD_ESCAPE -> "malformed percent escape in path";
                case UNESCAPED -> "unescaped non-ASCII character in path";
                case NOT_UTF8 -> "path is not UTF-8";
            });
        }
    }
}
