package io.promisemonitor.core.fleet;

/** A related monitor could not be read; the message says why, naming the URL. */
final class Unreachable extends Exception {

    private static final long serialVersionUID = 1L;

    Unreachable(String reason) {
        super(reason, null, false, false);
    }
}
