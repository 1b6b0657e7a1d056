package io.promisemonitor.core.config;

/** A bad value on one line of a key given on several lines: the problem names that line, not the key's first. */
public final class BadLine extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public BadLine(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
