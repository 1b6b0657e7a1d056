package io.promisemonitor.promises.logparser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds literal strings that every match of a set of regexes must contain, so the scanner can skip to lines
 * holding one of them with {@code String.indexOf} (a vectorised intrinsic) instead of running the regex on every
 * line. {@code ERROR|FATAL} gives {ERROR, FATAL}; {@code disk .* full} gives {disk } (the longest required run of
 * its branch). The analysis is deliberately conservative: any construct it does not understand (inline flags,
 * {@code \Q}, a branch without a literal) gives no prefilter at all, and the scanner then runs the regexes on every
 * line. A wrong prefilter would silently lose matches; a missing one only costs speed.
 */
final class Literals {

    /** Shorter literals match too often to be worth it; the plain scan is then faster. */
    static final int MIN_LENGTH = 2;

    private Literals() {
    }

    /**
     * The literals, as Latin-1 strings of their UTF-8 bytes (to be searched in a Latin-1 view of raw bytes), or
     * empty when some branch of some regex has no usable literal.
     */
    static Optional<List<String>> required(List<String> regexes) {
        Set<String> all = new LinkedHashSet<>();
        for (String regex : regexes) {
            if (regex.contains("\\Q") || hasInlineFlags(regex)) {
                return Optional.empty();
            }
            List<String> branches = topLevelBranches(regex);
            if (branches == null) {
                return Optional.empty();
            }
            for (String branch : branches) {
                String best = longestRequiredRun(branch);
                if (best == null || best.codePointCount(0, best.length()) < MIN_LENGTH) {
                    return Optional.empty();
                }
                all.add(new String(best.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }
        // A literal containing another one is redundant: a line with the longer one has the shorter one.
        List<String> kept = new ArrayList<>();
        for (String a : all) {
            boolean redundant = false;
            for (String b : all) {
                if (!a.equals(b) && a.contains(b)) {
                    redundant = true;
                    break;
                }
            }
            if (!redundant) {
                kept.add(a);
            }
        }
        return Optional.of(kept);
    }

    /** {@code (?i)}, {@code (?x)}, {@code (?-i:...)}... change what a literal means. */
    private static boolean hasInlineFlags(String regex) {
        for (int i = 0; i + 2 < regex.length(); i++) {
            if (regex.charAt(i) == '\\') {
                i++;
                continue;
            }
            if (regex.charAt(i) == '(' && regex.charAt(i + 1) == '?') {
                char c = regex.charAt(i + 2);
                if (Character.isLetter(c) || c == '-') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Splits on {@code |} outside groups and classes; null when the brackets do not balance. */
    static List<String> topLevelBranches(String regex) {
        List<String> branches = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[' || c == '(') {
                // groups and classes are skipped whole: a | inside them does not split
                i = c == '[' ? skipClass(regex, i) : skipGroup(regex, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == ')') {
                return null;
            } else {
                if (c == '|') {
                    branches.add(regex.substring(start, i));
                    start = i + 1;
                }
                i++;
            }
        }
        branches.add(regex.substring(start));
        return branches;
    }

    /** The longest run of literal characters that every match of {@code branch} contains, or null. */
    static String longestRequiredRun(String branch) {
        String best = null;
        StringBuilder run = new StringBuilder();
        int i = 0;
        int n = branch.length();
        while (i < n) {
            char c = branch.charAt(i);
            int literal = -1;
            int next;
            if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                char e = branch.charAt(i + 1);
                // An escaped punctuation character stands for itself; letters and digits are classes, anchors,
                // back-references or code escapes, which this does not try to read.
                if (!Character.isLetterOrDigit(e)) {
                    literal = e;
                    next = i + 2;
                } else {
                    next = skipEscape(branch, i);
                }
            } else if (c == '[') {
                next = skipClass(branch, i);
            } else if (c == '(') {
                next = skipGroup(branch, i);
            } else if (c == '.' || c == '^' || c == '$') {
                next = i + 1;
            } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == ']' || c == '|') {
                return null; // a quantifier with nothing before it cannot compile; stay safe anyway
            } else {
                literal = branch.codePointAt(i);
                next = i + Character.charCount(literal);
            }
            if (next < 0) {
                return null;
            }
            // What follows: a quantifier makes the token optional (?, *, {0) or repeated (+, {1,}).
            int q = next;
            boolean optional = false;
            boolean quantified = false;
            if (q < n) {
                char qc = branch.charAt(q);
                if (qc == '?' || qc == '*') {
                    optional = true;
                    quantified = true;
                    q++;
                } else if (qc == '+') {
                    quantified = true;
                    q++;
                } else if (qc == '{') {
                    int close = branch.indexOf('}', q);
                    if (close < 0) {
                        return null;
                    }
                    String min = branch.substring(q + 1, close).split(",", -1)[0].strip();
                    optional = min.isEmpty() || min.chars().allMatch(ch -> ch == '0');
                    quantified = true;
                    q = close + 1;
                }
                if (quantified && q < n && (branch.charAt(q) == '?' || branch.charAt(q) == '+')) {
                    q++; // lazy or possessive
                }
            }
            if (literal >= 0 && !optional) {
                run.appendCodePoint(literal);
            }
            if (literal < 0 || quantified) {
                best = longer(best, run);
                run.setLength(0);
            }
            i = q;
        }
        return longer(best, run);
    }

    private static String longer(String best, StringBuilder run) {
        if (run.length() == 0) {
            return best;
        }
        return best == null || run.length() > best.length() ? run.toString() : best;
    }

    /** The index after the letter or digit escape at {@code i} ({@code \x41}, {@code \p{Lu}}, {@code \k<n>}). */
    private static int skipEscape(String s, int i) {
        char e = s.charAt(i + 1);
        int j = i + 2;
        switch (e) {
            case 'x': case 'p': case 'P': case 'N':
                if (j < s.length() && s.charAt(j) == '{') {
                    int close = s.indexOf('}', j);
                    return close < 0 ? -1 : close + 1;
                }
                return e == 'x' ? Math.min(j + 2, s.length()) : Math.min(j + 1, s.length());
            case 'u':
                return Math.min(j + 4, s.length());
            case 'c':
                return Math.min(j + 1, s.length());
            case 'k': {
                int close = s.indexOf('>', j);
                return close < 0 ? -1 : close + 1;
            }
            default:
                if (Character.isDigit(e)) {
                    while (j < s.length() && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                return j;
        }
    }

    /** The index after the class opening at {@code i}, or -1. */
    private static int skipClass(String s, int i) {
        int depth = 0;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                if (depth == 0) {
                    return j + 1;
                }
            }
        }
        return -1;
    }

    /** The index after the group opening at {@code i}, or -1. */
    private static int skipGroup(String s, int i) {
        int depth = 0;
        int classDepth = 0;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (classDepth > 0) {
                if (c == '[') {
                    classDepth++;
                } else if (c == ']') {
                    classDepth--;
                }
            } else if (c == '[') {
                classDepth++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return j + 1;
                }
            }
        }
        return -1;
    }
}
