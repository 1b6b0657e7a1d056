package io.promisemonitor.core.render;

import io.promisemonitor.core.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders many documents from the same templates at the cost of string copies: models of the same shape (the same
 * keys, list lengths, and the same empty or non-empty values, which is all a template's {@code #if} and
 * {@code #each} can see) give the same output but for the values, so the template runs once per shape, with
 * {@link Stencil#marker markers} for values, and every other model of that shape fills the {@link Stencil}.
 * After a restart, thousands of pages and feeds come in a few dozen shapes.
 *
 * <p>Only for templates that print values as they are ({@link Templates#stencilable}); each new shape is also
 * rendered the plain way once and compared, and a template whose stencil differs is rendered the plain way from
 * then on. Shapes are told apart by a 64-bit hash and their number of values. One instance serves one batch of
 * renders and is then dropped, so stencils hold no memory between renders.
 */
final class Stencils {

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.render");

    /** First bytes of a file of kept stencils: its format and version. */
    private static final int MAGIC = 0x504d5331; // "PMS1"
    /** A file of kept stencils larger than this is not read: it is the monitor's own, and a few hundred KiB. */
    static final long MAX_FILE = 8L << 20;
    /** At most this many shapes of one template are kept; those used last are kept first. */
    static final int MAX_KEPT_SHAPES = 64;
    private static final int MAX_HOLES = 1 << 16;
    private static final int MAX_TEXT = 1 << 22;

    private final Templates templates;
    private final Map<String, Map<Long, Shape>> byTemplate = new ConcurrentHashMap<>();
    /** Where the stencils are kept between processes; null for one batch only. */
    private final Path keptIn;
    /** The shapes this process used, by template: kept first when there are too many. */
    private final Map<String, Set<Long>> used = new ConcurrentHashMap<>();
    private volatile boolean changed;

    /** The stencil of one shape, and how many values its models have. */
    private record Shape(Stencil stencil, int values) {
    }

    Stencils(Templates templates) {
        this(templates, null);
    }

    private Stencils(Templates templates, Path keptIn) {
        this.templates = templates;
        this.keptIn = keptIn;
    }

    /**
     * Stencils kept in {@code file} between processes, for one-shot runs ({@code monitor run-promise}, a cron line):
     * each would otherwise compile every template and render every row of the index through it, which was most of
     * its time. What the file holds is used only for templates whose text is the one it was made from, by the same
     * build of the monitor; {@link #save} writes it back when a new shape was met. A file that cannot be read is
     * ignored (and written anew), never an error: every page is then rendered the plain way.
     */
    static Stencils kept(Templates templates, Path file) {
        Stencils stencils = new Stencils(templates, file);
        stencils.load();
        return stencils;
    }

    /** Whether these stencils are kept between processes (then every document is rendered through them). */
    boolean isKept() {
        return keptIn != null;
    }

    /**
     * Which build wrote a file of kept stencils (or a feed, {@link SiteRenderer}): the jar's size and time, as the
     * escaping is in the code too.
     */
    static String build() {
        try {
            Path code = Path.of(Stencils.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                return code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis();
            }
            return code.toString();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    private void load() {
        try {
            if (Files.size(keptIn) > MAX_FILE) {
                throw new IOException("larger than " + MAX_FILE + " bytes");
            }
        } catch (NoSuchFileException e) {
            changed = true;
            return;
        } catch (IOException e) {
            ignoreKept(e.getMessage());
            return;
        }
        Map<String, Map<Long, Shape>> read = new LinkedHashMap<>();
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(keptIn),
                64 * 1024))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("it does not start with the marker of kept stencils");
            }
            if (!in.readUTF().equals(build())) {
                // another build of the monitor: its stencils may escape or print otherwise
                changed = true;
                return;
            }
            int count = in.readInt();
            if (count < 0 || count > Templates.ALL.size()) {
                throw new IOException("it claims " + count + " templates");
            }
            for (int t = 0; t < count; t++) {
                String name = in.readUTF();
                if (!Templates.ALL.contains(name)) {
                    throw new IOException("unknown template '" + name + "'");
                }
                String digest = in.readUTF();
                boolean verdict = in.readBoolean();
                int shapes = in.readInt();
                if (shapes < 0 || shapes > MAX_KEPT_SHAPES) {
                    throw new IOException("it claims " + shapes + " shapes of " + name);
                }
                Map<Long, Shape> byHash = new ConcurrentHashMap<>();
                for (int i = 0; i < shapes; i++) {
                    long hash = in.readLong();
                    int values = in.readInt();
                    Stencil stencil = Stencil.read(in, MAX_HOLES, MAX_TEXT);
                    if (values < 0 || stencil.maxHole() >= values) {
                        throw new IOException("a stencil of " + name + " with a hole beyond its " + values
                                + " values");
                    }
                    byHash.put(hash, new Shape(stencil, values));
                }
                if (digest.equals(templates.digest(name))) {
                    verdicts.put(name, verdict);
                    read.put(name, byHash);
                } else {
                    // the template was edited since: what was made from it is dropped
                    changed = true;
                }
            }
        } catch (IOException e) {
            ignoreKept(e.getMessage());
            return;
        }
        verdicts.forEach(templates::trustStencilable);
        byTemplate.putAll(read);
    }

    private void ignoreKept(String why) {
        changed = true;
        LOG.log(System.Logger.Level.WARNING, "ignoring " + keptIn + ": " + why + "; the pages are rendered the"
                + " plain way, and the file is written anew");
    }

    /**
     * Writes the kept stencils back when a new shape or a template's verdict was met since they were read; a
     * failure is logged and costs the next one-shot run its template compiles, nothing more.
     */
    void save() {
        if (keptIn == null || !changed) {
            return;
        }
        changed = false;
        try {
            AtomicFiles.writeStream(keptIn, out -> {
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
                data.writeInt(MAGIC);
                data.writeUTF(build());
                List<String> known = new ArrayList<>();
                for (String name : Templates.ALL) {
                    if (templates.stencilableIfKnown(name) != null) {
                        known.add(name);
                    }
                }
                data.writeInt(known.size());
                for (String name : known) {
                    data.writeUTF(name);
                    data.writeUTF(templates.digest(name));
                    boolean verdict = templates.stencilableIfKnown(name);
                    data.writeBoolean(verdict);
                    List<Map.Entry<Long, Shape>> shapes = verdict ? keptShapes(name) : List.of();
                    data.writeInt(shapes.size());
                    for (Map.Entry<Long, Shape> e : shapes) {
                        data.writeLong(e.getKey());
                        data.writeInt(e.getValue().values());
                        e.getValue().stencil().write(data);
                    }
                }
                data.flush();
            });
        } catch (UncheckedIOException e) {
            changed = true;
            LOG.log(System.Logger.Level.WARNING, "cannot save " + keptIn + " (" + e.getMessage()
                    + "); the next one-shot run compiles its templates again");
        }
    }

    /** The shapes of template {@code name} to keep: those used by this process first, at most MAX_KEPT_SHAPES. */
    private List<Map.Entry<Long, Shape>> keptShapes(String name) {
        Set<Long> usedNow = used.getOrDefault(name, Set.of());
        List<Map.Entry<Long, Shape>> shapes = new ArrayList<>(byTemplate.getOrDefault(name, Map.of()).entrySet());
        shapes.sort(Comparator.comparing(e -> !usedNow.contains(e.getKey())));
        return shapes.subList(0, Math.min(shapes.size(), MAX_KEPT_SHAPES));
    }

    /** Appends template {@code name} rendered with {@code model} to {@code out}, in UTF-8. */
    void render(String name, Object model, Utf8Text out) {
        Flat flat = FLAT.get().reset();
        Stencil stencil = stencil(name, model, flat);
        if (stencil == null) {
            out.append(templates.render(name, asMap(model)));
            return;
        }
        stencil.cachedUtf8().fill(flat.leaves, out);
    }

    /**
     * Template {@code name} rendered with {@code model} as a stencil whose holes are the model's {@link Stencil.Slot
     * slots}; null when the output cannot be cut at them (a value holds a marker character).
     */
    Stencil.Utf8 bind(String name, Object model) {
        Flat flat = FLAT.get().reset();
        Stencil stencil = stencil(name, model, flat);
        if (stencil != null) {
            return stencil.cachedUtf8().bind(flat.leaves);
        }
        Stencil parsed = Stencil.parse(templates.render(name, asMap(model)));
        return parsed == null ? null : parsed.utf8();
    }

    /**
     * Template {@code name} rendered with {@code model}, as text; a value that is a {@link Stencil.Slot} prints its
     * marker, as it does through the template.
     */
    String renderText(String name, Map<String, Object> model) {
        Flat flat = FLAT.get().reset();
        Stencil stencil = stencil(name, model, flat);
        if (stencil == null) {
            return templates.render(name, model);
        }
        return stencil.fill(flat.leaves());
    }

    /** A model as templates read it: a map, or a {@link TemplateModel}'s map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object model) {
        return model instanceof TemplateModel m ? m.toMap() : (Map<String, Object>) model;
    }

    /** Each thread's walk, reused from document to document: thousands per render. */
    private static final ThreadLocal<Flat> FLAT = ThreadLocal.withInitial(Flat::new);

    /** Whether template {@code name} is rendered from stencils (not the plain way). */
    boolean trusted(String name) {
        return templates.stencilable(name);
    }

    /** How many shapes of template {@code name}'s models were met. */
    int shapes(String name) {
        return byTemplate.getOrDefault(name, Map.of()).size();
    }

    /** The stencil of {@code model}'s shape, {@code flat} holding its values; null to render the plain way. */
    private Stencil stencil(String name, Object model, Flat flat) {
        if (templates.stencilableIfKnown(name) == null) {
            changed = true;
        }
        if (!templates.stencilable(name)) {
            return null;
        }
        flat.walk(model, false);
        if (flat.unsafe) {
            // A value holds a marker character: its own text would be taken for a hole.
            return null;
        }
        Map<Long, Shape> shapes = byTemplate.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        Shape shape = shapes.get(flat.hash);
        if (keptIn != null) {
            used.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(flat.hash);
        }
        if (shape != null && shape.values() == flat.count) {
            return shape.stencil();
        }
        Stencil stencil = make(name, model, flat);
        changed = true;
        if (stencil != null && shape == null) {
            shapes.putIfAbsent(flat.hash, new Shape(stencil, flat.count));
        }
        return stencil;
    }

    /** The stencil of {@code model}'s shape, checked against a plain render of it; null if it cannot be trusted. */
    private Stencil make(String name, Object model, Flat flat) {
        Flat numbering = new Flat();
        Object markers = numbering.walk(model, true);
        @SuppressWarnings("unchecked")
        Stencil stencil = Stencil.parse(templates.render(name, (Map<String, Object>) markers));
        String expected = templates.render(name, asMap(model));
        if (stencil == null || stencil.maxHole() >= flat.count || !stencil.fill(flat.leaves()).equals(expected)) {
            LOG.log(System.Logger.Level.INFO, "template " + name + " does not render values as they are (a helper?):"
                    + " rendering it the plain way, which is slower with many services");
            templates.notStencilable(name);
            return null;
        }
        return stencil;
    }

    /**
     * A model walked in a fixed order: its shape's hash, and its values (the leaves a template prints) in that
     * order; or a copy of it whose values are markers numbered in that order.
     */
    static final class Flat {
        private static final long SEED = 0x2545F4914F6CDD1DL;
        long hash = SEED;
        Object[] leaves = new Object[128];
        int count;
        boolean unsafe;

        /** Ready for another model; the last one's values are let go. */
        Flat reset() {
            Arrays.fill(leaves, 0, count, null);
            hash = SEED;
            count = 0;
            unsafe = false;
            return this;
        }

        Object[] leaves() {
            return Arrays.copyOf(leaves, count);
        }

        private void mix(long x) {
            long h = (hash ^ x) * 0x9E3779B97F4A7C15L;
            hash = h ^ (h >>> 31);
        }

        private Object leaf(Object value, boolean copy) {
            if (count == leaves.length) {
                leaves = Arrays.copyOf(leaves, count * 2);
            }
            leaves[count] = value;
            return copy ? Stencil.marker(count++) : leaves[count++];
        }

        /**
         * Walks {@code value}; returns its marker copy when {@code copy}, else what to ignore. A {@link TemplateModel}
         * is walked as its {@link TemplateModel#toMap map} would be, without making the map: the same hash, values
         * and copy.
         */
        Object walk(Object value, boolean copy) {
            // the usual value first, and by its class (String is final): an interface test is a search
            if (value instanceof String text) {
                return text(text, copy);
            }
            if (value == null) {
                mix(1);
                return null;
            }
            if (value instanceof Boolean b) {
                mix(b ? 2 : 3);
                return value;
            }
            if (value instanceof Stencil.Slot) {
                mix(4);
                return leaf(value, copy);
            }
            if (value instanceof Record && value instanceof TemplateModel) {
                return model(TemplateModel.Accessors.of(value.getClass()), value, copy);
            }
            if (value instanceof CharSequence text) {
                return text(text, copy);
            }
            if (value instanceof Number number) {
                // Handlebars takes a zero for false.
                if (number.doubleValue() == 0) {
                    mix(7);
                    return value;
                }
                mix(8);
                return leaf(value, copy);
            }
            if (value instanceof Map<?, ?> map) {
                mix(9);
                Map<Object, Object> out = copy ? new LinkedHashMap<>(map.size() * 2) : null;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    mix(e.getKey().hashCode());
                    Object v = walk(e.getValue(), copy);
                    if (copy) {
                        out.put(e.getKey(), v);
                    }
                }
                mix(map.size());
                return out;
            }
            if (value instanceof List<?> list && value instanceof java.util.RandomAccess) {
                mix(10);
                int n = list.size();
                List<Object> out = copy ? new ArrayList<>(n) : null;
                for (int i = 0; i < n; i++) {
                    Object w = walk(list.get(i), copy);
                    if (copy) {
                        out.add(w);
                    }
                }
                mix(n);
                return out;
            }
            if (value instanceof Collection<?> list) {
                mix(10);
                List<Object> out = copy ? new ArrayList<>(list.size()) : null;
                for (Object v : list) {
                    Object w = walk(v, copy);
                    if (copy) {
                        out.add(w);
                    }
                }
                mix(list.size());
                return out;
            }
            mix(11);
            if (!unsafe && holdsMarkerCharacter(value.toString())) {
                unsafe = true;
            }
            return leaf(value, copy);
        }

        private Object text(CharSequence text, boolean copy) {
            if (text.length() == 0) {
                mix(5);
                return text;
            }
            mix(6);
            if (!unsafe && holdsMarkerCharacter(text)) {
                unsafe = true;
            }
            return leaf(text, copy);
        }

        /** A model's components but the null ones, as its map holds them; a map (of markers) when {@code copy}. */
        private Object model(TemplateModel.Accessors accessors, Object model, boolean copy) {
            mix(9);
            int n = accessors.size();
            Map<Object, Object> out = copy ? new LinkedHashMap<>(n * 2) : null;
            int present = 0;
            for (int i = 0; i < n; i++) {
                Object v = accessors.get(model, i);
                if (v == null) {
                    continue;
                }
                present++;
                String name = accessors.name(i);
                mix(name.hashCode());
                Object w = walk(v, copy);
                if (copy) {
                    out.put(name, w);
                }
            }
            mix(present);
            return out;
        }

        private static boolean holdsMarkerCharacter(CharSequence text) {
            if (text instanceof String s) {
                // an intrinsic, and at once false for the usual Latin-1 string
                return s.indexOf(Stencil.START) >= 0 || s.indexOf(Stencil.END) >= 0;
            }
            for (int i = 0, n = text.length(); i < n; i++) {
                char c = text.charAt(i);
                if (c == Stencil.START || c == Stencil.END) {
                    return true;
                }
            }
            return false;
        }
    }
}
