package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {

    private static final Path FILE = Path.of("etc/monitor.conf");

    @Test
    void indentedContinuationLinesFormOneListItemEach() {
        IniFile ini = IniFile.parse(FILE, "[monitor]\npublic-path-list =\n  /srv/a\n  /srv/b\n\n  /srv/c\ntitle = T\n");

        IniFile.Entry entry = ini.section("monitor").orElseThrow().get("public-path-list").orElseThrow();

        assertThat(entry.items()).containsExactly("/srv/a", "/srv/b", "/srv/c");
        assertThat(entry.line()).isEqualTo(2);
        assertThat(ini.section("monitor").orElseThrow().get("title").orElseThrow().value()).isEqualTo("T");
    }

    @Test
    void theFirstLineValueIsTheFirstItem() {
        IniFile ini = IniFile.parse(FILE, "[s]\nlist = one\n    two\n");

        assertThat(ini.section("s").orElseThrow().get("list").orElseThrow().items()).containsExactly("one", "two");
        assertThat(ini.section("s").orElseThrow().get("list").orElseThrow().value()).isEqualTo("one\ntwo");
    }

    @Test
    void colonAndEqualsBothDelimitAndTheFirstOneWins() {
        IniFile ini = IniFile.parse(FILE, "[s]\nurl: http://x:80/a=b\nk = a:b\n");
        IniFile.Section s = ini.section("s").orElseThrow();

        assertThat(s.get("url").orElseThrow().value()).isEqualTo("http://x:80/a=b");
        assertThat(s.get("k").orElseThrow().value()).isEqualTo("a:b");
    }

    @Test
    void keysAreCaseInsensitiveAndValuesKeepBackslashesAndPercents() {
        IniFile ini = IniFile.parse(FILE, "[s]\nTitle = 100% C:\\dir\\n\n");

        assertThat(ini.section("s").orElseThrow().get("TITLE").orElseThrow().value()).isEqualTo("100% C:\\dir\\n");
    }

    @Test
    void wholeLineCommentsAreSkippedEvenInsideAList() {
        IniFile ini = IniFile.parse(FILE, "# top\n[s]\n; semi\nlist =\n  a\n  # not an item\n  b\n");

        assertThat(ini.section("s").orElseThrow().get("list").orElseThrow().items()).containsExactly("a", "b");
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        assertThatThrownBy(() -> IniFile.parse(FILE, "[s]\ntitle = a\nother = b\nTITLE = c\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("etc/monitor.conf line 4: key 'title' appears twice in the section (first at line 2)");
    }

    @Test
    void aDuplicateSectionIsAnError() {
        assertThatThrownBy(() -> IniFile.parse(FILE, "[s]\n[t]\n[s]\n"))
                .hasMessage("etc/monitor.conf line 3: section [s] appears twice (first at line 1)");
    }

    @Test
    void aKeyBeforeAnySectionIsAnError() {
        assertThatThrownBy(() -> IniFile.parse(FILE, "title = x\n[s]\n"))
                .hasMessage("etc/monitor.conf line 1: 'title = x' comes before any section header; start the file"
                        + " with a [section] line");
    }

    @Test
    void aLineWithoutDelimiterIsAnError() {
        assertThatThrownBy(() -> IniFile.parse(FILE, "[s]\njust words\n"))
                .hasMessage("etc/monitor.conf line 2: 'just words' is not 'key = value'");
    }

    @Test
    void everyProblemOfTheFileIsListed() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> IniFile.parse(FILE, "[s]\nbad\na = 1\na = 2\n[broken\n"));

        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 4, 5);
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreAccepted() {
        IniFile ini = IniFile.parse(FILE, "\uFEFF[s]\r\nk = v\r\n  w\r\n");

        assertThat(ini.section("s").orElseThrow().get("k").orElseThrow().items()).containsExactly("v", "w");
    }

    @Test
    void aMissingFileIsOneClearLine(@TempDir Path dir) {
        Path file = dir.resolve("nope.conf");

        assertThatThrownBy(() -> IniFile.read(file)).hasMessage(file + ": file does not exist");
    }

    @Test
    void invalidUtf8IsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.cfg");
        Files.write(file, new byte[] {'[', 's', ']', '\n', 'k', '=', (byte) 0xff, '\n'});

        assertThatThrownBy(() -> IniFile.read(file)).hasMessage(file + " line 2: is not UTF-8: byte 0xFF at byte offset"
                + " 6; allowed: UTF-8 text (iconv -f LATIN1 -t UTF-8 converts Latin-1)");
    }

    @Test
    void aFolderWhereAFileShouldBeIsOneClearLine(@TempDir Path dir) throws Exception {
        Path file = Files.createDirectory(dir.resolve("monitor.conf"));

        assertThatThrownBy(() -> IniFile.read(file)).hasMessage(file + ": is a folder; allowed: a regular file");
    }
}
