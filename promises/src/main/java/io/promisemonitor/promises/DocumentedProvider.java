package io.promisemonitor.promises;

import io.promisemonitor.core.promise.PromiseProvider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A built-in that documents its options; its option names are those of the documentation, so they cannot drift. */
public interface DocumentedProvider extends PromiseProvider {

    List<OptionDoc> optionDocs();

    @Override
    default Set<String> options() {
        Set<String> names = new LinkedHashSet<>();
        optionDocs().forEach(d -> names.add(d.name()));
        return names;
    }
}
