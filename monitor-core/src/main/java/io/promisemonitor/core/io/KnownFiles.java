package io.promisemonitor.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * What the files of one folder hold, as far as this writer knows: for each file it wrote or found holding what it
 * was about to write, the file's identity (inode, size, modification time to the nanosecond) and a digest of its
 * bytes. {@link #writeIfChanged} then tells an unchanged file with one stat instead of reading it back: after a
 * restart, the dashboard renders thousands of pages again, and reading each old page to compare cost more than
 * rendering it.
 *
 * <p>Kept in a record file (in the state folder, never served) so that a restart begins with it. An entry is
 * trusted only while its file's identity is the one recorded; every write through {@link AtomicFiles} makes a new
 * inode or, through a spare, gives an older one a new modification time (a spare is rewritten a render or more after
 * it was last the file), so a file changed by anyone since, or an old or lost record, costs a read and a compare,
 * never a page left wrong. The digest (CRC-32C and CRC-32 of the bytes, and their count) tells whether this writer's own new
 * output differs from its last; it is not a defence against someone choosing bytes to collide, who at worst keeps
 * one page a render behind.
 *
 * <p>A writer may also record what a file was made from: its {@code source}, a digest of every input of the file
 * ({@link #writeIfChanged(Path, byte[], int, long)}). {@link #holdsFrom} then tells with one stat, across a restart
 * too, that the file need not even be made again.
 */
public final class KnownFiles {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.io");
    /** First bytes of a record file: its format and version (each entry with its file's source). */
    private static final int MAGIC = 0x504d4b32; // "PMK2"
    /** The format until 2026-12-05, without sources: still read, each entry then without one. */
    private static final int MAGIC_1 = 0x504d4b31; // "PMK1"

    private final Path folder;
    /** {@code folder} and a slash: the key of a file given as folder.resolve(...) is the rest of its name. */
    private final String prefix;
    private final Path record;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private volatile boolean changed;
    private volatile boolean loaded;

    /**
     * What a file held when this writer last wrote it or found it right, and the source it was made from
     * ({@link #NO_SOURCE} when none was given).
     */
    private record Known(long inode, long size, long modifiedNanos, long digest, long source) {

        /**
         * The record's own {@code equals}, written out: the generated one is linked at its first call through method
         * handles, which cost a one-shot run (a cron line's) more than the rest of its comparisons.
         */
        boolean same(Known other) {
            return other != null && inode == other.inode && size == other.size && modifiedNanos == other.modifiedNanos
                    && digest == other.digest;
        }

        Known withSource(long source) {
            return new Known(inode, size, modifiedNanos, digest, source);
        }
    }

    /** Whether {@link #openFolder} opens the folder for stats relative to it ({@link FolderStat}). */
    private final boolean relativeStats;
    /** The folder opened by {@link #openFolder}, until {@link #closeFolder}; null: stats through Files. */
    private volatile FolderStat opened;
    /**
     * The subfolders of the open folder that files were stat'ed in (the pages' {@code service}), each opened at its
     * first stat and closed with the folder; a stat relative to a file's own folder is one name looked up, not two
     * (the kernel's lookup of each name was most of a stat). Guarded by itself, as is the opening of one.
     */
    private final Map<String, Subfolder> subfolders = new HashMap<>();
    /** The subfolder of the last stat: the pages of a render are all in one. */
    private volatile Subfolder lastSubfolder;

    /** A subfolder opened during the batch of stats {@code root} began; {@code stat} null where it could not be. */
    private record Subfolder(FolderStat root, String name, FolderStat stat) {
    }

    private KnownFiles(Path folder, Path record, boolean relativeStats) {
        this.folder = folder.toAbsolutePath().normalize();
        this.prefix = this.folder + "/";
        this.record = record;
        this.relativeStats = relativeStats;
    }

    /**
     * For the files under {@code folder}, remembered in {@code record}; the record is read at the first use (or by
     * {@link #read}), not here, so that its cost counts where it is paid. Between {@link #openFolder} and
     * {@link #closeFolder}, files are stat'ed relative to the open folder where this machine allows it (see
     * {@link FolderStat}), else through {@code Files}; the two give the same identities.
     */
    public static KnownFiles of(Path folder, Path record) {
        return new KnownFiles(folder, record, FolderStat.whyUnavailable().isEmpty());
    }

    /** As {@link #of}, every stat through {@code Files}: the fallback where JNA or statx is missing. */
    public static KnownFiles throughFiles(Path folder, Path record) {
        return new KnownFiles(folder, record, false);
    }

    /**
     * Opens the folder for the stats of a batch of {@link #writeIfChanged} calls (a render), where stats relative to
     * it can be made; {@link #closeFolder} must follow. Without it, each stat walks the file's whole path.
     */
    public void openFolder() {
        if (relativeStats && opened == null) {
            opened = FolderStat.open(folder);
        }
    }

    /** Closes what {@link #openFolder} opened, once the stats under way end. */
    public void closeFolder() {
        FolderStat f;
        synchronized (subfolders) {
            f = opened;
            opened = null;
            lastSubfolder = null;
            for (Subfolder sub : subfolders.values()) {
                if (sub.stat() != null) {
                    sub.stat().close();
                }
            }
            subfolders.clear();
        }
        if (f != null) {
            f.close();
        }
    }

    /**
     * The open subfolder {@code key}'s file is in ({@code slash}: where its name starts, less one), opened at the
     * first stat in it during the batch {@code root} began; null when it cannot be (then stat relative to the root).
     */
    private FolderStat subfolder(FolderStat root, String key, int slash) {
        Subfolder last = lastSubfolder;
        if (last != null && last.root() == root && last.name().length() == slash && key.startsWith(last.name())) {
            return last.stat();
        }
        synchronized (subfolders) {
            if (opened != root) {
                // the batch ended meanwhile: nothing opened that its end would not close
                return null;
            }
            String name = key.substring(0, slash);
            Subfolder sub = subfolders.get(name);
            if (sub == null) {
                sub = new Subfolder(root, name, FolderStat.open(folder.resolve(name)));
                subfolders.put(name, sub);
            }
            lastSubfolder = sub;
            return sub.stat();
        }
    }

    /**
     * Writes the first {@code length} bytes of {@code content} to {@code file} (under the folder) unless it holds
     * them already; returns whether it wrote. Atomic as {@link AtomicFiles#writeIfChanged(Path, byte[], int)}.
     */
    public boolean writeIfChanged(Path file, byte[] content, int length) {
        return writeIfChanged(file, content, length, NO_SOURCE);
    }

    /** No source recorded: {@link #holdsFrom} never trusts such an entry. */
    public static final long NO_SOURCE = 0;

    /**
     * {@link #writeIfChanged(Path, byte[], int)}, and records that the file's bytes were made from {@code source}
     * (a digest of every input they depend on, {@link #sourceOf}), for {@link #holdsFrom}.
     */
    public boolean writeIfChanged(Path file, byte[] content, int length, long source) {
        read();
        String key = key(file);
        long digest = digest(content, length);
        Known before = known.get(key);
        boolean wrote;
        Seen seen = before == null ? null : seen(file, key, before.digest);
        if (seen != null && before.same(seen.known())) {
            if (before.digest == digest && before.size == length) {
                if (before.source != source) {
                    // the same bytes from another source: that one is what they are known to come from now
                    known.put(key, before.withSource(source));
                    changed = true;
                }
                return false;
            }
            // it holds what this writer last wrote, and that differs: no need to read it back to compare (its mode,
            // from the same stat, kept)
            AtomicFiles.replaceViaSpare(file, content, length, seen.mode());
            wrote = true;
        } else {
            wrote = AtomicFiles.writeIfChangedViaSpare(file, content, length);
        }
        Known now = identity(file, key, digest);
        if (now == null) {
            known.remove(key);
        } else {
            known.put(key, now.withSource(source));
        }
        changed = true;
        return wrote;
    }

    /**
     * Whether {@code file} still holds what this writer last wrote to it (or found in it) from {@code source}, by one
     * stat: the caller, whose inputs give that source again, can then skip making the file. False for
     * {@link #NO_SOURCE}, for a file written or replaced since by anyone, and for one this writer never wrote.
     */
    public boolean holdsFrom(Path file, long source) {
        read();
        String key = key(file);
        Known before = known.get(key);
        return source != NO_SOURCE && before != null && before.source == source
                && before.same(identity(file, key, before.digest));
    }

    /**
     * The source digest of the first {@code length} bytes of {@code inputs}: the inputs of a file, each written
     * so that two different lists of inputs give different bytes (lengths before texts). Never {@link #NO_SOURCE}.
     */
    public static long sourceOf(byte[] inputs, int length) {
        long d = digest(inputs, length);
        return d == NO_SOURCE ? 1 : d;
    }

    /** Forgets {@code file}, which was deleted. */
    public void forget(Path file) {
        read();
        if (known.remove(key(file)) != null) {
            changed = true;
        }
    }

    /** The number of files known; for tests. */
    public int size() {
        read();
        return known.size();
    }

    /**
     * Writes the record file (atomically) when anything changed since it was read or written. A failure is logged
     * and costs the next restart its reads, nothing more.
     */
    public void save() {
        if (!changed) {
            return;
        }
        changed = false;
        try {
            AtomicFiles.writeStream(record, out -> {
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
                data.writeInt(MAGIC);
                Map<String, Known> copy = Map.copyOf(known);
                data.writeInt(copy.size());
                for (Map.Entry<String, Known> e : copy.entrySet()) {
                    Known k = e.getValue();
                    data.writeUTF(e.getKey());
                    data.writeLong(k.inode);
                    data.writeLong(k.size);
                    data.writeLong(k.modifiedNanos);
                    data.writeLong(k.digest);
                    data.writeLong(k.source);
                }
                data.flush();
            });
        } catch (UncheckedIOException e) {
            changed = true;
            LOG.log(System.Logger.Level.WARNING, "cannot save " + record + " (" + e.getMessage()
                    + "); the next start compares every page it renders with the file on disk");
        }
    }

    /** Reads the record file, the first time only; every other method calls it. */
    public void read() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(record),
                    64 * 1024))) {
                int magic = in.readInt();
                if (magic != MAGIC && magic != MAGIC_1) {
                    throw new IOException("it does not start with the marker of a record of known files");
                }
                int n = in.readInt();
                if (n < 0) {
                    throw new IOException("it claims " + n + " files");
                }
                // read into a plain map first: the concurrent one is then sized once for all, not grown by copies
                Map<String, Known> read = new HashMap<>(Math.min(n, 1 << 20) * 4 / 3 + 16);
                for (int i = 0; i < n; i++) {
                    String key = in.readUTF();
                    read.put(key, new Known(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                            magic == MAGIC ? in.readLong() : NO_SOURCE));
                }
                known.putAll(read);
            } catch (NoSuchFileException e) {
                // first start: nothing known yet
            } catch (EOFException e) {
                dropRecord("it ends early");
            } catch (IOException e) {
                dropRecord(e.getMessage());
            }
            loaded = true;
        }
    }

    private void dropRecord(String why) {
        known.clear();
        changed = true;
        LOG.log(System.Logger.Level.WARNING, "ignoring " + record + ": " + why
                + "; every file is compared with what is on disk, and the record is written anew");
    }

    /** The identity of {@code file} ({@code key} under the folder) now, with {@code digest}; null when unreadable. */
    private Known identity(Path file, String key, long digest) {
        Seen seen = seen(file, key, digest);
        return seen == null ? null : seen.known();
    }

    /** A file's identity and its permission bits, from one stat. */
    private record Seen(Known known, int mode) {
    }

    /** {@link #identity(Path, String, long)} with the file's permission bits; null when unreadable. */
    private Seen seen(Path file, String key, long digest) {
        FolderStat f = opened;
        if (f != null && FolderStat.isAscii(key)) {
            long[] id = IDENTITY.get();
            int slash = key.lastIndexOf('/');
            FolderStat sub = slash > 0 ? subfolder(f, key, slash) : null;
            if (sub != null ? sub.identity(key, slash + 1, id) : f.identity(key, id)) {
                return new Seen(new Known(id[0], id[1], id[2], digest, NO_SOURCE), (int) id[3]);
            }
            // no such file, or the folder closed meanwhile: as Files says
        }
        PosixFileAttributes a = attributes(file);
        Known known = a == null ? null : identity(file, a, digest);
        return known == null ? null : new Seen(known, AtomicFiles.bits(a.permissions()));
    }

    /** Each thread's array for {@link FolderStat#identity}, with the mode: thousands of stats per render. */
    private static final ThreadLocal<long[]> IDENTITY = ThreadLocal.withInitial(() -> new long[4]);

    /** One stat of {@code file}; null when it cannot be read. */
    private static PosixFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The identity of {@code file}, whose attributes are {@code a}, with {@code digest}; null when it cannot be told. */
    private static Known identity(Path file, PosixFileAttributes a, long digest) {
        try {
            // the inode from the attributes' file key: half the time of the "unix:" view, which parses its list of
            // names and fills a map at each call (twenty thousand calls after a restart)
            long inode = inode(a.fileKey());
            if (inode < 0) {
                inode = (Long) Files.getAttribute(file, "unix:ino");
            }
            return new Known(inode, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), digest, NO_SOURCE);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The inode in a file key as Linux's JDK prints it ({@code (dev=fe00,ino=2246171)}); -1 for another form. */
    static long inode(Object fileKey) {
        if (fileKey == null) {
            return -1;
        }
        String key = fileKey.toString();
        int at = key.indexOf(",ino=");
        if (!key.startsWith("(dev=") || at < 0 || !key.endsWith(")") || at + 5 >= key.length() - 1) {
            return -1;
        }
        try {
            return Long.parseLong(key, at + 5, key.length() - 1, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String key(Path file) {
        String name = file.toString();
        // the common case, cheap: thousands of pages per render
        if (name.startsWith(prefix) && name.indexOf("/.", prefix.length() - 1) < 0 && !name.contains("//")) {
            return name.substring(prefix.length());
        }
        Path relative = folder.relativize(file.toAbsolutePath().normalize());
        if (relative.startsWith("..") || relative.toString().isEmpty()) {
            throw new IllegalArgumentException("file '" + file + "' is not under " + folder);
        }
        return relative.toString();
    }

    static long digest(byte[] content, int length) {
        CRC32C c = new CRC32C();
        c.update(content, 0, length);
        CRC32 d = new CRC32();
        d.update(content, 0, length);
        return c.getValue() << 32 | d.getValue();
    }
}
