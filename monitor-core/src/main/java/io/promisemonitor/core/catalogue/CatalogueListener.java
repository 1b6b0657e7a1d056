package io.promisemonitor.core.catalogue;

/** Told of each rescan that changed something, in the order listeners were added; never of an unchanged one. */
@FunctionalInterface
public interface CatalogueListener {

    void changed(CatalogueChange change);
}
