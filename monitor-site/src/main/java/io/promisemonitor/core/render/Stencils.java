package io.promisemonitor.core.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final Templates templates;
    private final Map<String, Map<Long, Shape>> byTemplate = new ConcurrentHashMap<>();

    /** The stencil of one shape, and how many values its models have. */
    private record Shape(Stencil stencil, int values) {
    }

    Stencils(Templates templates) {
        this.templates = templates;
    }

    /** Appends template {@code name} rendered with {@code model} to {@code out}, in UTF-8. */
    void render(String name, Map<String, Object> model, Utf8Text out) {
        Flat flat = FLAT.get().reset();
        Stencil stencil = stencil(name, model, flat);
        if (stencil == null) {
            out.append(templates.render(name, model));
            return;
        }
        stencil.cachedUtf8().fill(flat.leaves, out);
    }

    /**
     * Template {@code name} rendered with {@code model} as a stencil whose holes are the model's {@link Stencil.Slot
     * slots}; null when the output cannot be cut at them (a value holds a marker character).
     */
    Stencil.Utf8 bind(String name, Map<String, Object> model) {
        Flat flat = FLAT.get().reset();
        Stencil stencil = stencil(name, model, flat);
        if (stencil != null) {
            return stencil.cachedUtf8().bind(flat.leaves);
        }
        Stencil parsed = Stencil.parse(templates.render(name, model));
        return parsed == null ? null : parsed.utf8();
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
    private Stencil stencil(String name, Map<String, Object> model, Flat flat) {
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
        if (shape != null && shape.values() == flat.count) {
            return shape.stencil();
        }
        Stencil stencil = make(name, model, flat);
        if (stencil != null && shape == null) {
            shapes.putIfAbsent(flat.hash, new Shape(stencil, flat.count));
        }
        return stencil;
    }

    /** The stencil of {@code model}'s shape, checked against a plain render of it; null if it cannot be trusted. */
    private Stencil make(String name, Map<String, Object> model, Flat flat) {
        Flat numbering = new Flat();
        Object markers = numbering.walk(model, true);
        @SuppressWarnings("unchecked")
        Stencil stencil = Stencil.parse(templates.render(name, (Map<String, Object>) markers));
        String expected = templates.render(name, model);
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

        /** Walks {@code value}; returns its marker copy when {@code copy}, else what to ignore. */
        Object walk(Object value, boolean copy) {
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
            if (value instanceof CharSequence text) {
                if (text.length() == 0) {
                    mix(5);
                    return value;
                }
                mix(6);
                if (!unsafe && holdsMarkerCharacter(text)) {
                    unsafe = true;
                }
                return leaf(value, copy);
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
                mix(map.size());
                Map<Object, Object> out = copy ? new LinkedHashMap<>(map.size() * 2) : null;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    mix(e.getKey().hashCode());
                    Object v = walk(e.getValue(), copy);
                    if (copy) {
                        out.put(e.getKey(), v);
                    }
                }
                return out;
            }
            if (value instanceof Collection<?> list) {
                mix(10);
                mix(list.size());
                List<Object> out = copy ? new ArrayList<>(list.size()) : null;
                for (Object v : list) {
                    Object w = walk(v, copy);
                    if (copy) {
                        out.add(w);
                    }
                }
                return out;
            }
            mix(11);
            if (!unsafe && holdsMarkerCharacter(value.toString())) {
                unsafe = true;
            }
            return leaf(value, copy);
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
