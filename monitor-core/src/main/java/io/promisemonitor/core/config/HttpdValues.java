package io.promisemonitor.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Readers for the web server's values: a listening address and a list of origins. */
final class HttpdValues {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private HttpdValues() {
    }

    /** An IPv4 address, an IPv6 address with or without brackets (SlapOS writes it bare), or a host name. */
    static String address(String raw) {
        String text = raw.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        boolean ok = text.indexOf(':') >= 0 ? IPV6.matcher(text).matches() && text.chars().filter(ch -> ch == ':')
                .count() >= 2 : HOST_NAME.matcher(text).matches();
        if (!ok) {
            throw new IllegalArgumentException("'" + raw + "' is not an address; allowed: an IPv4 or IPv6 address"
                    + " such as 127.0.0.1 or ::1, or a host name");
        }
        return text;
    }

    /** Origins as browsers send them: scheme, host and port only, lower case; or {@code *} for any. */
    static List<String> origins(List<String> items) {
        List<String> out = new ArrayList<>();
        for (String item : items) {
            out.add(origin(item.strip()));
        }
        return out;
    }

    private static String origin(String text) {
        if (text.equals("*")) {
            return text;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && (path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            }
        } catch (URISyntaxException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("'" + text + "' is not an origin; allowed: scheme, host and optional"
                + " port such as https://other-monitor.example.net or https://10.0.0.2:8196, or *");
    }
}
