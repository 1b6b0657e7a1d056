package io.promisemonitor.core.heartbeat;

import java.util.Optional;

/** The pings a heartbeat service has received: the last of each kind, and the very last. */
public record Pings(Optional<Ping> lastSuccess, Optional<Ping> lastStart, Optional<Ping> lastFailure,
        Optional<Ping> last) {

    public static final Pings NONE = new Pings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** These pings with {@code ping} received after them. */
    public Pings with(Ping ping) {
        Optional<Ping> p = Optional.of(ping);
        switch (ping.kind()) {
            case SUCCESS: return new Pings(p, lastStart, lastFailure, p);
            case START: return new Pings(lastSuccess, p, lastFailure, p);
            default: return new Pings(lastSuccess, lastStart, p, p);
        }
    }
}
