package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The model records are the one list of the templates' names: docs/dashboard.md lists each record's components in
 * order, and every name the shipped page templates use is a component of one of them.
 */
class TemplateModelTest {

    private static final List<Class<? extends Record>> MODELS = List.of(RowModel.class, RowModel.PerfModel.class,
            RowModel.StripGroup.class, PageModel.Index.class, PageModel.Count.class, PageModel.Service.class,
            PageModel.Event.class, FeedModel.class, FeedModel.Item.class);

    /** Names a template may use that no record holds: Handlebars' own, and what the renderer adds to the index. */
    private static final Set<String> OTHERS = Set.of("this", "else", "rowsHtml");

    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{\\{?\\s*([#^/]?)(\\w+)?\\s*([\\w.@]*)");

    @Test
    void theDocsListEveryModelsNamesInOrder() throws Exception {
        String docs = Files.readString(Path.of("../docs/dashboard.md"));
        for (Class<? extends Record> model : MODELS) {
            StringBuilder names = new StringBuilder("| ");
            for (String name : TemplateModel.names(model)) {
                names.append(names.length() > 2 ? ", `" : "`").append(name).append('`');
            }
            assertThat(docs).as(model.getSimpleName() + " in docs/dashboard.md").contains(names.append(" |"));
        }
    }

    @Test
    void everyNameThePageTemplatesUseIsAModelComponent() throws Exception {
        Set<String> known = new TreeSet<>(OTHERS);
        for (Class<? extends Record> model : MODELS) {
            known.addAll(TemplateModel.names(model));
        }
        for (String template : List.of("index.html.hbs", "row.html.hbs", "service.html.hbs", "feed.rss.hbs")) {
            String text = Files.readString(Path.of("../templates", template));
            Set<String> used = used(text);
            assertThat(used).as(template).isNotEmpty();
            assertThat(known).as("names used by templates/" + template).containsAll(used);
        }
    }

    @Test
    void aModelsMapHoldsItsComponentsInOrderWithoutTheNullOnesAndNestedModelsAsMaps() {
        RowModel.StripGroup group = new RowModel.StripGroup("ok", "2 runs", "<i></i><i></i>");
        PageModel.Count count = new PageModel.Count("OK", "ok", 3);

        Map<String, Object> map = new PageModel.Index("Shop", "", 60, 180, null, "monitor.rss", "2026-12-04T10:00:00Z",
                "2026-12-04 10:00:00 UTC", null, null, List.of(count), 3, null, null, 3, null).toMap();

        assertThat(map.keySet()).containsExactly("title", "root", "refreshSeconds", "heartbeatOldAfterSeconds",
                "feedHref", "renderedIso", "renderedText", "counts", "total", "staticRows");
        assertThat(map.get("counts")).isEqualTo(List.of(Map.of("status", "OK", "cls", "ok", "n", 3)));
        assertThat(group.toMap()).containsExactly(Map.entry("cls", "ok"), Map.entry("tip", "2 runs"),
                Map.entry("cells", "<i></i><i></i>"));
    }

    @Test
    void everyModelsComponentByNumberIsWhatItsAccessorGives() throws Exception {
        for (Class<? extends Record> type : MODELS) {
            Record model = sample(type);
            RecordComponent[] components = type.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                Object expected = components[i].getAccessor().invoke(model);
                assertThat(((TemplateModel) model).component(i)).as(type.getSimpleName() + "." + components[i]
                        .getName()).isEqualTo(expected).isNotNull();
            }
            int past = components.length;
            assertThatThrownBy(() -> ((TemplateModel) model).component(past))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    /** A model whose components all differ: each text its own name, each number its place, nested models too. */
    private static Record sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            types[i] = t;
            values[i] = t == String.class || t == Object.class ? components[i].getName()
                    : t == long.class || t == Long.class ? Long.valueOf(100 + i)
                    : t == int.class || t == Integer.class ? Integer.valueOf(100 + i)
                    : t == Boolean.class ? Boolean.TRUE
                    : t == List.class ? List.of(components[i].getName())
                    : t.isRecord() ? sample(t) : null;
        }
        return (Record) type.getDeclaredConstructor(types).newInstance(values);
    }

    /** The first name of each {@code {{name}}}, {@code {{#if name}}}, {@code {{name.more}}} of a template. */
    private static Set<String> used(String template) {
        Set<String> used = new TreeSet<>();
        Matcher m = MUSTACHE.matcher(template.replaceAll("(?s)\\{\\{!--.*?--}}", ""));
        while (m.find()) {
            String sigil = m.group(1);
            String first = m.group(2);
            if (first == null || sigil.equals("/")) {
                continue;
            }
            // {{#if name}}, {{#each name}}: the helper, then the name; {{name}} or {{name.more}}: the name
            String name = sigil.isEmpty() ? first : m.group(3);
            if (name != null && !name.isEmpty()) {
                used.add(name.split("\\.")[0]);
            }
        }
        return used;
    }
}
