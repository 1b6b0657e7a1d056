package io.promisemonitor.cgi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a POST sent by a page of another site, so that a page elsewhere cannot make a logged-in browser rerun
 * promises. Browsers send {@code Origin} (or at least {@code Referer}) with a POST; a request with neither (curl,
 * cron) is judged by its credentials alone.
 */
public final class OriginCheck {

    private OriginCheck() {
    }

    /**
     * Why the POST is refused, or empty when it may go on.
     *
     * @param baseUrl the monitor's {@code base-url}: its origin is this monitor's own; without it, the request's
     *     own scheme and {@code Host} are
     * @param scheme {@code http} or {@code https}, as the request came
     * @param host the request's {@code Host} header (or HTTP/2 authority), possibly null
     */
    public static Optional<String> refusal(String origin, String referer, Optional<URI> baseUrl, String scheme,
            String host) {
        String claimed;
        String header;
        if (origin != null && !origin.isBlank()) {
            header = "Origin";
            claimed = origin.strip();
        } else if (referer != null && !referer.isBlank()) {
            header = "Referer";
            claimed = referer.strip();
        } else {
            return Optional.empty();
        }
        Optional<String> own = baseUrl.map(OriginCheck::originOf)
                .orElseGet(() -> host == null || host.isBlank() ? Optional.empty()
                        : originOf(scheme + "://" + host.strip() + "/"));
        Optional<String> theirs = claimed.equals("null") ? Optional.empty() : originOf(claimed);
        if (own.isPresent() && own.equals(theirs)) {
            return Optional.empty();
        }
        return Optional.of("cross-site request refused: " + header + " is not this monitor's origin"
                + own.map(o -> " (" + o + ")").orElse(""));
    }

    private static Optional<String> originOf(URI uri) {
        return originOf(uri.toString());
    }

    /** {@code scheme://host[:port]}, lower case, default port left out; empty when not an http(s) URL. */
    static Optional<String> originOf(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (!(scheme.equals("http") || scheme.equals("https")) || host == null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https")
                    && port == 443;
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
