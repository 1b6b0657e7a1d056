package io.promisemonitor.core.io;

import java.nio.file.Path;

/** Every test of {@link KnownFilesTest} on the fallback path: each stat through Files. */
class KnownFilesThroughFilesTest extends KnownFilesTest {

    @Override
    KnownFiles make(Path folder, Path record) {
        return KnownFiles.throughFiles(folder, record);
    }
}
