package io.promisemonitor.promises.pagekite;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes private data from log lines before they leave the machine (seed 000, point 5): Authorization headers,
 * cookies, bearer and basic credentials, user:password in URLs, passwords, secrets, tokens and keys written as
 * {@code name=value} or {@code name: value}, user names written the same way, PageKite's own kite secrets, and
 * e-mail addresses. Values become {@code [scrubbed]}, addresses {@code [email]}; the names stay, so the log still
 * says what happened.
 */
final class Scrubber {

    static final String GONE = "[scrubbed]";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final String VALUE = "(\"[^\"]*\"|'[^']*'|[^\\s,;&\"']+)";

    /** In this order: a URL's user info before e-mail addresses, which would otherwise leave the user name. */
    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(?i)(\\b(?:proxy-)?authorization\\b\\s*[:=]\\s*).*"), "$1" + GONE),
            new Rule(Pattern.compile("(?i)(\\b(?:set-)?cookie2?\\b\\s*[:=]\\s*).*"), "$1" + GONE),
            new Rule(Pattern.compile("(?i)\\b(bearer|basic|digest)\\s+[A-Za-z0-9._~+/=-]{6,}"), "$1 " + GONE),
            new Rule(Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@]+@"), "$1" + GONE + "@"),
            new Rule(Pattern.compile("(?i)(\\bservice_on\\b\\s*[=:]\\s*\\S*:)([^:\\s]+)\\s*$"), "$1" + GONE),
            new Rule(Pattern.compile("(?i)(\\b[\\w.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key"
                    + "|access[_-]?key|private[_-]?key|session(?:[_-]?id)?|sid|auth|credentials?)[\\w.-]*"
                    + "\\s*[:=]\\s*)" + VALUE), "$1" + GONE),
            new Rule(Pattern.compile("(?i)(\\b[\\w.-]*(?:user(?:name)?|login|uid|account|owner)\\s*[:=]\\s*)"
                    + VALUE), "$1" + GONE),
            new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
                    "[email]"));

    private Scrubber() {
    }

    static String line(String line) {
        String out = line;
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(out);
            if (m.find()) {
                out = m.replaceAll(r.replacement);
            }
        }
        return out;
    }

    static String text(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.lines().forEach(l -> b.append(line(l)).append('\n'));
        return b.toString();
    }
}
