package io.promisemonitor.core.fleet;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One related monitor as a round read it.
 *
 * @param url its base URL, as in {@code monitor-url-list} (ending with {@code /})
 * @param title its title, or the last one known while it cannot be read
 * @param state what the page says of it
 * @param reason why it is unreachable, or what is wrong with its heartbeat; empty when all is well
 * @param since when it became unreachable, or its executor's last beat when that is old
 * @param heartbeat its executor's last beat, when it publishes one
 * @param services its services, bad first; empty when it is unreachable
 */
public record MonitorView(URI url, String title, State state, String reason, Optional<Instant> since,
        Optional<Instant> heartbeat, List<ServiceView> services) {

    public MonitorView {
        services = List.copyOf(services);
    }

    /** What a monitor is, for the page; the JSON word is {@link #word()}. */
    public enum State {
        OK("ok"), EXECUTOR_DOWN("executor-down"), UNREACHABLE("unreachable");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    static MonitorView unreachable(URI url, String title, String reason, Instant since) {
        return new MonitorView(url, title, State.UNREACHABLE, reason, Optional.of(since), Optional.empty(),
                List.of());
    }
}
