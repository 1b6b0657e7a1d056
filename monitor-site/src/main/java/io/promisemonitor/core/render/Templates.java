package io.promisemonitor.core.render;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.TagType;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.io.StringTemplateSource;
import io.promisemonitor.core.io.XmlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The dashboard's templates and static files: the instance's own copy from {@code templates-folder} when it has
 * one, else the built-in one from the jar (the top-level {@code templates/} folder of the source tree). Handlebars
 * stays behind this class. Every value is escaped for XML and HTML alike ({@link XmlText}), so the same templates
 * engine writes pages and feeds.
 */
public final class Templates {

    public static final String INDEX = "index.html.hbs";
    /** One row of the index; the index holds the rows, rendered one by one so unchanged ones can be reused. */
    public static final String ROW = "row.html.hbs";
    public static final String SERVICE = "service.html.hbs";
    public static final String FEED = "feed.rss.hbs";
    /** Copied as they are into the web folder. */
    public static final List<String> ASSETS = List.of("monitor.css", "monitor.js", "fleet.html", "fleet.js", "fleet.css");

    static final String RESOURCE_FOLDER = "/io/promisemonitor/core/templates/";
    static final List<String> ALL = List.of(INDEX, ROW, SERVICE, FEED, "monitor.css", "monitor.js",
            "fleet.html", "fleet.js", "fleet.css");

    private final Optional<Path> folder;
    /** Made at the first compile: a one-shot run served from kept stencils never needs it. */
    private Handlebars handlebars;
    /** The helpers a template may use and still be rendered from stencils: they only look at emptiness. */
    private static final Set<String> PLAIN_HELPERS = Set.of("if", "unless", "each", "with");
    /** Partials, partial blocks, inline partials and decorators: what they print is not in the template's tags. */
    private static final Pattern INCLUDES = Pattern.compile("\\{\\{~?\\s*(#\\s*)?[>*]");

    private final Map<String, Template> compiled = new ConcurrentHashMap<>();
    /**
     * Each template's text as first read, which it is compiled from and its {@link #digest} is of: an edit takes
     * effect at the next start, and a digest never names a text other than the one rendered.
     */
    private final Map<String, Source> read = new ConcurrentHashMap<>();
    private final Map<String, Boolean> stencilable = new ConcurrentHashMap<>();

    private Templates(Optional<Path> folder) {
        this.folder = folder.map(f -> f.toAbsolutePath().normalize());
    }

    private synchronized Handlebars handlebars() {
        if (handlebars == null) {
            EscapingStrategy escaping = XmlText::escape;
            handlebars = new Handlebars().with(escaping);
        }
        return handlebars;
    }

    /** The built-in templates, overridden file by file by those in {@code folder} when given. */
    public static Templates of(Optional<Path> folder) {
        return new Templates(folder);
    }

    /** Renders template {@code name} with {@code model} (maps, lists and strings) into {@code out}. */
    public void render(String name, Map<String, Object> model, Writer out) {
        Template template = compiled.computeIfAbsent(name, this::compile);
        Context context = Context.newBuilder(model).resolver(MapValueResolver.INSTANCE).build();
        try {
            template.apply(context, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + name + ": " + e.getMessage(), e);
        } finally {
            context.destroy();
        }
    }

    public String render(String name, Map<String, Object> model) {
        java.io.StringWriter out = new java.io.StringWriter(8192);
        render(name, model, out);
        return out.toString();
    }

    /**
     * Whether template {@code name} prints every value as it is and decides only on emptiness (plain variables,
     * {@code if}, {@code unless}, {@code each}, {@code with}; no other helper, sub-expression or partial): then two
     * models of the same shape give the same output but for the values, which {@link Stencils} relies on.
     */
    boolean stencilable(String name) {
        return stencilable.computeIfAbsent(name, n -> {
            Template template = compiled.computeIfAbsent(n, this::compile);
            String text = template.text();
            if (INCLUDES.matcher(text).find() || text.indexOf(Stencil.START) >= 0 || text.indexOf(Stencil.END) >= 0
                    || !template.collect(TagType.SUB_EXPRESSION).isEmpty()) {
                return false;
            }
            for (String tag : template.collect(TagType.VAR, TagType.STAR_VAR, TagType.AMP_VAR, TagType.TRIPLE_VAR,
                    TagType.SECTION, TagType.START_SECTION)) {
                if (!PLAIN_HELPERS.contains(tag) && handlebars().helper(tag) != null) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Compiles the page and feed templates now, and tells which of them {@link #stencilable} (what the first render
     * would do as it needs each); throws as that render would for a template that does not compile.
     */
    public void prepare() {
        for (String name : List.of(INDEX, ROW, SERVICE, FEED)) {
            stencilable(name);
        }
    }

    /** Takes template {@code name} for one that does not print values as they are, from now on. */
    void notStencilable(String name) {
        stencilable.put(name, Boolean.FALSE);
    }

    /** What {@link #stencilable} said of template {@code name} so far; null when it was not asked yet. */
    Boolean stencilableIfKnown(String name) {
        return stencilable.get(name);
    }

    /**
     * Takes what {@link #stencilable} said of template {@code name} in an earlier process, whose template had the
     * same {@link #digest}: spares compiling it just to ask again.
     */
    void trustStencilable(String name, boolean verdict) {
        stencilable.putIfAbsent(name, verdict);
    }

    /**
     * A digest of template {@code name}'s text as read (its length, CRC-32C and CRC-32), which a stencil made
     * from it depends on: it tells an edited template from the one a stencil was made with (not one forged to
     * collide, which could only garble the pages of its own author). No message digest: its provider machinery cost
     * a one-shot run more than the rest of its stencils.
     */
    String digest(String name) {
        byte[] text = bytes(name);
        CRC32C c = new CRC32C();
        c.update(text);
        CRC32 d = new CRC32();
        d.update(text);
        return text.length + ":" + Long.toHexString(c.getValue() << 32 | d.getValue());
    }

    /** How many templates were compiled: a one-shot run served from kept stencils compiles none. */
    int compiledCount() {
        return compiled.size();
    }

    private Template compile(String name) {
        Source source = source(name);
        try {
            return handlebars().compile(new StringTemplateSource(source.where, new String(source.bytes,
                    StandardCharsets.UTF_8)));
        } catch (IOException | HandlebarsException e) {
            throw new IllegalArgumentException("template " + source.where + " does not compile: " + e.getMessage(), e);
        }
    }

    /** The bytes of a template or static file, and where they came from (for messages). */
    public byte[] bytes(String name) {
        return source(name).bytes;
    }

    private record Source(String where, byte[] bytes) {
    }

    private Source source(String name) {
        return name.endsWith(".hbs") ? read.computeIfAbsent(name, this::readSource) : readSource(name);
    }

    private Source readSource(String name) {
        if (!ALL.contains(name)) {
            throw new IllegalArgumentException("template '" + name + "': unknown; allowed: " + String.join(", ", ALL));
        }
        if (folder.isPresent()) {
            Path file = folder.get().resolve(name).normalize();
            try {
                if (Files.isRegularFile(file)) {
                    // A link in the folder may point anywhere; what it points to must stay inside the folder.
                    Path real = file.toRealPath();
                    if (!real.startsWith(folder.get().toRealPath())) {
                        throw new IllegalArgumentException("template " + file + " leads to " + real
                                + ", outside templates-folder " + folder.get() + "; allowed: files inside it");
                    }
                    return new Source(file.toString(), Files.readAllBytes(real));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read template " + file + ": " + e.getMessage(), e);
            }
        }
        try (InputStream in = Templates.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("template " + name + " is missing from the jar");
            }
            return new Source("(built in) " + name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in template " + name + ": " + e.getMessage(), e);
        }
    }
}
