package io.promisemonitor.web.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Small files kept in memory (and their gzip form, made once), keyed by real path and checked against the file's
 * size, modification time and inode on every request, so a file replaced by rename is never served stale.
 */
final class FileCache {

    private final long maxEntry;
    private final long maxTotal;
    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    FileCache(long maxEntry, long maxTotal) {
        this.maxEntry = maxEntry;
        this.maxTotal = maxTotal;
    }

    boolean fits(long size) {
        return size <= maxEntry;
    }

    /** The entry for this version of the file, or null when it is not in memory. */
    Entry get(Path file, BasicFileAttributes attributes) {
        Entry e = entries.get(file);
        return e != null && e.matches(attributes) ? e : null;
    }

    /**
     * Reads the file and keeps it. The attributes are read again after the content so that the entry never pairs
     * new content with old validators; null when the file keeps changing or is gone.
     */
    Entry load(Path file) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                // the path was checked by PathGuard: a link swapped in at its end since then is not followed
                BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!before.isRegularFile() || before.size() > maxEntry) {
                    return null;
                }
                byte[] content;
                try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    content = in.readNBytes((int) maxEntry + 1);
                }
                BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Entry e = new Entry(Validators.of(file, after), after, content);
                if (!e.matches(before) || content.length != after.size()) {
                    continue;
                }
                Entry old = entries.put(file, e);
                long added = content.length - (old == null ? 0 : old.content.capacity());
                if (total.addAndGet(added) > maxTotal) {
                    // crude but bounded: start over rather than track recency on every hit
                    entries.clear();
                    total.set(0);
                }
                return e;
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** One version of one file. */
    static final class Entry {
        final long size;
        final long modifiedNanos;
        final Object key;
        final BasicFileAttributes attributes;
        final Validators validators;
        private final ByteBuffer content;
        private volatile ByteBuffer gzip;

        Entry(Validators validators, BasicFileAttributes a, byte[] bytes) {
            this.validators = validators;
            this.size = a.size();
            this.modifiedNanos = nanos(a);
            this.key = a.fileKey();
            this.attributes = a;
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
            direct.put(bytes).flip();
            this.content = direct.asReadOnlyBuffer();
        }

        boolean matches(BasicFileAttributes a) {
            return a.size() == size && nanos(a) == modifiedNanos && Objects.equals(a.fileKey(), key);
        }

        /** A fresh view of the whole content. */
        ByteBuffer content() {
            return content.duplicate();
        }

        ByteBuffer gzip() {
            ByteBuffer g = gzip;
            if (g == null) {
                ByteBuffer source = content();
                byte[] bytes = new byte[source.remaining()];
                source.get(bytes);
                ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
                try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
                    zip.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                byte[] zipped = out.toByteArray();
                ByteBuffer direct = ByteBuffer.allocateDirect(zipped.length);
                direct.put(zipped).flip();
                g = direct.asReadOnlyBuffer();
                gzip = g;
            }
            return g.duplicate();
        }
    }

    static long nanos(BasicFileAttributes a) {
        java.nio.file.attribute.FileTime t = a.lastModifiedTime();
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
