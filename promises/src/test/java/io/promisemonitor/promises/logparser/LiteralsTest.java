package io.promisemonitor.promises.logparser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LiteralsTest {

    private static Optional<List<String>> of(String... regexes) {
        return Literals.required(List.of(regexes));
    }

    @Test
    void alternativesOfWordsGiveEachWord() {
        assertThat(of("ERROR|FATAL")).contains(List.of("ERROR", "FATAL"));
        assertThat(of("ERROR", "panic: ")).contains(List.of("ERROR", "panic: "));
    }

    @Test
    void onlyABarOutsideGroupsAndClassesSplitsBranches() {
        assertThat(Literals.topLevelBranches("a[|]b|c(d|e)f|g")).containsExactly("a[|]b", "c(d|e)f", "g");
        assertThat(Literals.topLevelBranches("x\\|y|z")).containsExactly("x\\|y", "z");
        assertThat(Literals.topLevelBranches("a(b|c")).isNull();
        assertThat(Literals.topLevelBranches("a)b")).isNull();
        assertThat(Literals.topLevelBranches("[ab")).isNull();
    }

    @Test
    void eachBranchGivesItsLongestRequiredRun() {
        assertThat(of("disk .* full")).contains(List.of("disk "));
        assertThat(of("colou?r")).contains(List.of("colo"));
        assertThat(of("time=\\d+ms slow")).contains(List.of("ms slow"));
        assertThat(of("\\[error\\]")).contains(List.of("[error]"));
        assertThat(of("^ERROR:")).contains(List.of("ERROR:"));
        assertThat(of("x{2}yz")).contains(List.of("yz"));
        assertThat(of("abc+d")).contains(List.of("abc"));
        assertThat(of("ab*cde")).contains(List.of("cde"));
        assertThat(of("ab{0,3}cd")).contains(List.of("cd"));
        assertThat(of("a(b|c)de")).contains(List.of("de"));
        assertThat(of("\\x41BC")).contains(List.of("BC"));
        assertThat(of("\\p{Lu}rror")).contains(List.of("rror"));
        assertThat(of("(?<w>x)\\k<w>yz")).contains(List.of("yz"));
    }

    @Test
    void aLongerLiteralHoldingAShorterOneIsDropped() {
        assertThat(of("ERROR|ERROR: disk")).contains(List.of("ERROR"));
    }

    @Test
    void whatItCannotReadGivesNoPrefilterAtAll() {
        assertThat(of("(?i)error")).isEmpty();
        assertThat(of("\\d+|ERROR")).isEmpty();
        assertThat(of("[ab]c")).isEmpty();
        assertThat(of("e")).isEmpty();
        assertThat(of("\\Qa.b\\E")).isEmpty();
        assertThat(of("(error|fail)")).isEmpty();
        assertThat(of("ERROR", "x?y?")).isEmpty();
        assertThat(of("a.b")).isEmpty();
    }

    @Test
    void nonAsciiLiteralsAreSearchedAsTheirUtf8Bytes() {
        assertThat(of("échec")).contains(List.of(new String("échec".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1)));
    }

    /** The prefilter may let through lines that do not match, never drop one that does. */
    @Test
    void noLineThatMatchesLacksALiteral() {
        List<String> regexes = List.of("ERROR|FATAL", "disk .* full", "colou?r", "time=\\d+ms slow", "abc+d",
                "ab*cde", "ab{0,3}cd", "a(b|c)de", "x{2}yz", "\\[error\\]", "^ERROR:", "échec (total|partiel)",
                "\\x41BC", "fail(ed)?$", "a\\.b+c");
        List<String> lines = List.of("ERROR: disk 3 is full", "FATAL", "disk sda full", "color", "colour",
                "time=123ms slow", "abcccd", "acde", "abbbcde", "abcd", "acd", "abde", "acde", "xxyz", "xyz",
                "[error] x", "ERROR: y", " ERROR:", "échec total", "échec partiel", "ABC", "failed", "fail",
                "a.bbc", "a.c", "un échec", "the colr", "abccd", "fatal");
        for (String regex : regexes) {
            List<String> literals = of(regex).orElseThrow(() -> new AssertionError(regex + " gave no literal"));
            Pattern p = Pattern.compile(regex);
            for (String line : lines) {
                if (p.matcher(line).find()) {
                    String view = new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                    assertThat(literals).as(regex + " on '" + line + "'").anyMatch(view::contains);
                }
            }
        }
    }
}
