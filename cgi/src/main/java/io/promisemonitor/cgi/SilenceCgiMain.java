package io.promisemonitor.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code monitor-silence.cgi} for sites served by Apache or nginx + fcgiwrap: the checks of {@link CgiMain} (origin,
 * {@code REMOTE_USER}), then {@link SilenceOrder} with the query string and a form body from standard input.
 */
public final class SilenceCgiMain {

    private SilenceCgiMain() {
    }

    public static void main(String[] args) throws IOException {
        Logger.getLogger("").setLevel(Level.WARNING);
        String instance = args.length > 0 ? args[0] : System.getenv("MONITOR_INSTANCE");
        CgiMain.write(answer(instance, System.getenv(), System.in), System.out);
        System.out.close();
    }

    static RerunAnswer answer(String instance, Map<String, String> env, InputStream in) throws IOException {
        CgiMain.Guarded guarded = CgiMain.guard("monitor-silence.cgi", "silence", instance, env);
        if (guarded.refused() != null) {
            return guarded.refused();
        }
        String type = env.getOrDefault("CONTENT_TYPE", "").toLowerCase(Locale.ROOT);
        String body = null;
        if (type.startsWith("application/x-www-form-urlencoded")) {
            byte[] bytes = in.readNBytes(SilenceOrder.MAX_BODY + 1);
            if (bytes.length > SilenceOrder.MAX_BODY) {
                return Rerun.error(413, "request body too large; allowed: up to " + SilenceOrder.MAX_BODY + " bytes",
                        null);
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        String user = env.getOrDefault("REMOTE_USER", "");
        return SilenceOrder.of(guarded.monitor(), Clock.systemDefaultZone()).handle(env.getOrDefault(
                "REQUEST_METHOD", ""), env.get("QUERY_STRING"), body, user.isBlank() ? "anonymous" : user);
    }
}
