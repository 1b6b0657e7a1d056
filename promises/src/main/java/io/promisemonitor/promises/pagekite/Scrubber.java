package io.promisemonitor.promises.pagekite;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes private data from log lines before they leave the machine (seed 000, point 5): the values of keys that
 * name a password, secret, token, key, session, cookie, credential or user, however they are written
 * ({@code name=value}, {@code name: value}, JSON, Python dicts, query strings, command-line flags), HTTP
 * Authorization and Cookie headers, bearer and basic credentials, JSON web tokens, user:password in URLs, PageKite's
 * own kite secrets, and e-mail addresses. Values become {@code [scrubbed]}, addresses {@code [email]}; the names
 * stay, so the log still says what happened, and a line without any of these is kept whole.
 */
final class Scrubber {

    static final String GONE = "[scrubbed]";
    /**
     * Longer lines are cut first: a log line may come from a client of the kite, and no rule below should meet a
     * quarter of a megabyte of one line.
     */
    static final int MAX_LINE = 4096;

    /** Anywhere in a name, these make it sensitive: {@code db_password}, {@code accessToken}, {@code apikey}. */
    private static final Pattern SENSITIVE_INSIDE = Pattern.compile("pass(?:word|wd|phrase)|secret|token|api_?key"
            + "|credential|cookie|session|authorization|private_?key|access_?key");
    /** Only as a whole part of a name: {@code key}, {@code x-api-key}, {@code auth}, but not {@code monkey}. */
    private static final Set<String> SENSITIVE_PARTS = Set.of("key", "auth", "pass", "pwd", "pw", "sid", "jwt",
            "bearer", "signature", "sig", "csrf", "xsrf", "otp", "pin");
    /** User names are private data too: {@code user}, {@code login}, {@code owner_email}. */
    private static final Set<String> USER_PARTS = Set.of("user", "username", "login", "uid", "account", "owner",
            "email", "mail");

    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'";
    /**
     * A name, quoted or not, then = or : (not a URL's {@code ://}), then its value: quoted, or up to a space or a
     * separator, not an object.
     */
    private static final Pattern PAIR = Pattern.compile("(?<![\\w.%-])([\"']?)([A-Za-z_][\\w.-]*)\\1"
            + "(\\s*(?:=|:(?!//))\\s*)(" + QUOTED + "|[^\\s,;&\"'{}][^\\s,;&\"'}]*)");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)(\\s+|=)(" + QUOTED
            + "|[^\\s\"'-]\\S*)");
    private static final Pattern NAME_PARTS = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

    /** {@code regex} replaced by {@code text} ({@code $1} for a group) everywhere in a line. */
    private static UnaryOperator<String> rule(String regex, String text) {
        Pattern p = Pattern.compile(regex);
        return line -> p.matcher(line).replaceAll(text);
    }

    /**
     * In this order: headers before the name=value pairs they contain, a URL's user info before e-mail addresses,
     * which would otherwise leave the user name.
     */
    private static final List<UnaryOperator<String>> RULES = List.of(
            // a header as written on the wire: everything after it; a quoted value (JSON) is a PAIR below
            rule("(?i)(\\b(?:proxy-)?authorization\\s*:\\s*)(?![\"'\\s]).+", "$1" + GONE),
            rule("(?i)(\\b(?:set-)?cookie2?\\s*:\\s*)(?![\"'\\s]).+", "$1" + GONE),
            rule("(?i)\\b(bearer|basic|digest|token)\\s+(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])"
                    + "[A-Za-z0-9._~+/=-]{6,}", "$1 " + GONE),
            rule("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*", GONE),
            rule("(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@]+@", "$1" + GONE + "@"),
            // service_on = proto:kite:host:port:secret
            rule("(?i)(\\bservice_on\\b\\s*[=:]\\s*(?:[^:\\s]+:){4})([^:\\s]+)", "$1" + GONE),
            rule("(?i)(\\bservice_on\\b\\s*[=:]\\s*\\S*:)([^:\\s]+)\\s*$", "$1" + GONE),
            Scrubber::pairs,
            line -> FLAG.matcher(line).replaceAll(Scrubber::flag),
            rule("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", "[email]"));

    private Scrubber() {
    }

    static String line(String line) {
        String out = line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + " [" + (line.length() - MAX_LINE)
                + " characters cut]";
        for (UnaryOperator<String> r : RULES) {
            out = r.apply(out);
        }
        return out;
    }

    static String text(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.lines().forEach(l -> b.append(line(l)).append('\n'));
        return b.toString();
    }

    /** Whether values under this name are private: a password, a key, a session, a user name. */
    static boolean sensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (SENSITIVE_INSIDE.matcher(lower).find()) {
            return true;
        }
        for (String part : NAME_PARTS.split(name)) {
            String p = part.toLowerCase(Locale.ROOT);
            if (SENSITIVE_PARTS.contains(p) || USER_PARTS.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the values of sensitive pairs; after any other pair the search goes on inside its value, which may
     * hold more of them ({@code url=https://relay/?token=abc}).
     */
    private static String pairs(String line) {
        Matcher m = PAIR.matcher(line);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int from = 0;
        while (from < line.length() && m.find(from)) {
            if (sensitive(m.group(2))) {
                out.append(line, copied, m.start(4)).append(gone(m.group(4)));
                copied = m.end(4);
                from = m.end(4);
            } else {
                from = m.start(4);
            }
        }
        return out.append(line, copied, line.length()).toString();
    }

    private static String flag(MatchResult r) {
        if (!sensitive(r.group(1)) || r.group(3).equals(GONE)) {
            return Matcher.quoteReplacement(r.group());
        }
        return Matcher.quoteReplacement(r.group(1) + r.group(2) + gone(r.group(3)));
    }

    /** {@code [scrubbed]}, in the quotes the value had, so that JSON stays JSON. */
    private static String gone(String value) {
        char first = value.charAt(0);
        return first == '"' || first == '\'' ? first + GONE + first : GONE;
    }
}
