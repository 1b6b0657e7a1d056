package io.promisemonitor.promises;

/** One option of a built-in, for {@code monitor check --list} and the tables of docs/promises.md. */
public record OptionDoc(String name, String defaultValue, String meaning) {
}
