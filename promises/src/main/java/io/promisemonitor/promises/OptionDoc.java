package io.promisemonitor.promises;

/** One option of a built-in, for {@code monitor check --list} and the README's tables. */
public record OptionDoc(String name, String defaultValue, String meaning) {
}
