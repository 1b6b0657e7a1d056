package io.promisemonitor.core.render;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model a template reads: a record whose component names are the names the template uses ({@code {{title}}},
 * {@code {{#each perfdata}}}). The records are the one list of those names: docs/dashboard.md's template model is
 * checked against them, and so is every name the shipped templates use ({@code TemplateModelTest}).
 *
 * <p>Templates and stencils read the {@link #toMap() map} of a model: its components in declaration order, those
 * that are null left out (a template's {@code {{#if x}}} is false for them, and a stencil's shape does not count
 * them), nested models and lists of models as maps too.
 */
public interface TemplateModel {

    default Map<String, Object> toMap() {
        return Accessors.of(getClass()).map(this);
    }

    /**
     * Component {@code i} (in declaration order) as its accessor gives it. Through a method handle, unless the record
     * overrides it with a switch over its components: the models read tens of thousands of times in a render after a
     * restart do (each component read through a handle that cannot be inlined cost more than the read).
     */
    default Object component(int i) {
        return Accessors.of(getClass()).invoke(this, i);
    }

    /** The component names of a model record, in declaration order. */
    static List<String> names(Class<? extends Record> model) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : model.getRecordComponents()) {
            names.add(c.getName());
        }
        return names;
    }

    /** The accessors of one record class, looked up once: a render reads thousands of rows. */
    final class Accessors {

        /** A ClassValue rather than a map: looked up for every model of every page, on every core. */
        private static final ClassValue<Accessors> CACHE = new ClassValue<>() {
            @Override
            protected Accessors computeValue(Class<?> type) {
                return new Accessors(type);
            }
        };

        private final String[] names;
        private final MethodHandle[] getters;

        private Accessors(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            names = new String[components.length];
            getters = new MethodHandle[components.length];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                try {
                    // (Object)Object, called with invokeExact: no adaptation at each of thousands of calls
                    getters[i] = lookup.unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(type.getName() + "." + names[i] + ": " + e.getMessage(), e);
                }
            }
        }

        static Accessors of(Class<?> type) {
            return CACHE.get(type);
        }

        /** How many components the record has. */
        int size() {
            return names.length;
        }

        /** The name of component {@code i}. */
        String name(int i) {
            return names[i];
        }

        /** Component {@code i} of {@code model}, as it is (a nested model is not made a map). */
        Object get(Object model, int i) {
            return model instanceof TemplateModel m ? m.component(i) : invoke(model, i);
        }

        /** {@link #get} through the accessor's method handle. */
        Object invoke(Object model, int i) {
            try {
                return (Object) getters[i].invokeExact(model);
            } catch (Throwable e) {
                throw new IllegalStateException(model.getClass().getSimpleName() + "." + names[i] + ": " + e, e);
            }
        }

        Map<String, Object> map(Object model) {
            // sized for every component: a map that grows rehashes, and there are thousands of rows
            Map<String, Object> m = new LinkedHashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                Object v;
                try {
                    v = (Object) getters[i].invokeExact(model);
                } catch (Throwable e) {
                    throw new IllegalStateException(model.getClass().getSimpleName() + "." + names[i] + ": " + e, e);
                }
                if (v != null) {
                    m.put(names[i], value(v));
                }
            }
            return m;
        }

        private static Object value(Object v) {
            // most values are text: String is a final class, told at once, before the interfaces
            if (v instanceof String) {
                return v;
            }
            if (v instanceof TemplateModel model) {
                return model.toMap();
            }
            if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof TemplateModel) {
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(((TemplateModel) item).toMap());
                }
                return out;
            }
            return v;
        }
    }
}
