package io.promisemonitor.promises.logparser;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.Plugins;
import io.promisemonitor.promises.TestContexts;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogParserPromiseTest {

    private static final String SOURCE = "kvm-log-parse.cfg [promise]";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final PromiseRegistry registry = PromiseRegistry.fromClassPath();
    private Path log;

    @BeforeEach
    void folders() throws IOException {
        log = Files.createDirectories(dir.resolve("var/log")).resolve("app.log");
    }

    private PromiseResult run(Options options) throws Exception {
        return registry.create("log-parser", options.build()).check(TestContexts.in(dir, clock));
    }

    private PromiseResult run() throws Exception {
        return run(options());
    }

    private static Options options() {
        return Options.of(SOURCE).add("file", "var/log/app.log").add("pattern", "ERROR");
    }

    private void append(String text) throws IOException {
        append(log, text);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Path report() {
        return dir.resolve("var/log/test-last-report.csv");
    }

    private static double perf(PromiseResult r, String label) {
        return r.perfdata().stream().filter(p -> p.label().equals(label)).mapToDouble(Perfdata::value).findFirst()
                .orElseThrow();
    }

    @Test
    void aFirstRunReadsTheWholeFileThenEachRunOnlyWhatWasAppended() throws Exception {
        append("INFO a\nERROR b\nERROR c\n");

        PromiseResult first = run();
        PromiseResult second = run();
        append("INFO d\nERROR e\n");
        PromiseResult third = run();

        assertThat(first).isEqualTo(PromiseResult.error("2 new matching lines in var/log/app.log; last: ERROR c")
                .withPerfdata(List.of(new Perfdata("matches", 2, "", null, "1", "0", null),
                        new Perfdata("read", 23, "B", null, null, "0", null))));
        assertThat(second.status()).isEqualTo(Status.OK);
        assertThat(second.message()).isEqualTo("no new matching line in var/log/app.log");
        assertThat(perf(second, "read")).isZero();
        assertThat(third.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR e");
        assertThat(perf(third, "read")).isEqualTo(15);
    }

    @Test
    void warningAndCriticalAreMatchCounts() throws Exception {
        Options options = options().add("warning", "2").add("critical", "3");

        append("ERROR 1\n");
        Status one = run(options).status();
        append("ERROR 2\nERROR 3\n");
        Status two = run(options).status();
        append("ERROR 4\nERROR 5\nERROR 6\n");
        PromiseResult three = run(options);

        assertThat(one).isEqualTo(Status.OK);
        assertThat(two).isEqualTo(Status.WARNING);
        assertThat(three.status()).isEqualTo(Status.ERROR);
        assertThat(three.perfdata().get(0)).isEqualTo(new Perfdata("matches", 3, "", "2", "3", "0", null));
    }

    @Test
    void ignoredLinesAndOtherPatternsAreHonoured() throws Exception {
        append("ERROR real\nERROR expected in tests\nFATAL crash\nINFO\n");

        PromiseResult result = run(options().add("pattern", "FATAL").add("ignore-pattern", "expected"));

        assertThat(result.message()).isEqualTo("2 new matching lines in var/log/app.log; last: FATAL crash");
    }

    @Test
    void aRotatedFilesUnreadTailIsReadOnceThenTheNewFileFromItsStart() throws Exception {
        append("ERROR 1\n");
        run();
        append("ERROR 2 written just before rotation\n");
        Files.move(log, log.resolveSibling("app.log.1"));
        append("INFO new file\nERROR 3\n");

        PromiseResult rotated = run();
        PromiseResult after = run();

        assertThat(rotated.message()).isEqualTo("2 new matching lines in var/log/app.log; last: ERROR 3");
        assertThat(after.message()).isEqualTo("no new matching line in var/log/app.log");
        assertThat(Files.readAllLines(report())).isEqualTo(List.of("time,file,offset,line"));
    }

    @Test
    void aRotatedFileIsFoundByItsInodeWhateverItsNewName() throws Exception {
        append("ERROR 1\n");
        run();
        append("ERROR 2\n");
        Files.move(log, log.resolveSibling("app-20261121.log"));
        append("INFO new\n");

        PromiseResult rotated = run();

        assertThat(rotated.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR 2");
        assertThat(Files.readAllLines(report())).containsExactly("time,file,offset,line",
                "2026-11-21T10:00:00Z,var/log/app-20261121.log,8,ERROR 2");
    }

    @Test
    void copytruncateLosesNoLineEvenWhenTheNewContentOutgrowsTheOldOffset() throws Exception {
        append("ERROR 1\n");
        run();
        append("ERROR 2 after the last run\n");
        Files.copy(log, log.resolveSibling("app.log.1"));
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(0);
        }
        append("INFO a new first line, longer than all that was there before the copy\nERROR 3\n");

        PromiseResult result = run();

        assertThat(result.message()).isEqualTo("2 new matching lines in var/log/app.log; last: ERROR 3");
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStart() throws Exception {
        append("ERROR 1\nERROR 2\n");
        run();
        Files.writeString(log, "ERROR 3\n");

        PromiseResult result = run();

        assertThat(result.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR 3");
    }

    @Test
    void aFileRotatedAwayAndNotRecreatedHasItsTailReadAndIsReportedMissing() throws Exception {
        append("ERROR 1\n");
        run();
        append("ERROR 2\n");
        Files.move(log, log.resolveSibling("app.log.1"));

        PromiseResult result = run();

        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.message()).isEqualTo("var/log/app.log: does not exist; 1 new matching line in"
                + " var/log/app.log; last: ERROR 2");
    }

    @Test
    void globsFindFilesAndANewFileIsReadFromItsStart() throws Exception {
        append(dir.resolve("var/log/a.log"), "ERROR a1\n");
        append(dir.resolve("var/log/b.log"), "ERROR b1\nINFO\n");
        Options options = Options.of(SOURCE).add("file", "var/log/*.log").add("pattern", "ERROR");

        PromiseResult first = run(options);
        append(dir.resolve("var/log/c.log"), "ERROR c1\n");
        append(dir.resolve("var/log/a.log"), "ERROR a2\n");
        PromiseResult second = run(options);

        assertThat(first.message()).isEqualTo("2 new matching lines in 2 files; last (var/log/b.log): ERROR b1");
        assertThat(second.message()).isEqualTo("2 new matching lines in 3 files; last (var/log/c.log): ERROR c1");
    }

    @Test
    void aGlobThatAlsoMatchesTheRotatedFileDoesNotCountItTwice() throws Exception {
        Options options = Options.of(SOURCE).add("file", "var/log/app.log*").add("pattern", "ERROR");
        append("ERROR 1\n");
        run(options);
        append("ERROR 2\n");
        Files.move(log, log.resolveSibling("app.log.1"));
        append("ERROR 3\n");

        PromiseResult rotated = run(options);
        PromiseResult after = run(options);

        assertThat(rotated.message()).isEqualTo("2 new matching lines in 2 files; last (var/log/app.log): ERROR 3");
        assertThat(after.message()).isEqualTo("no new matching line in 2 files");
    }

    @Test
    void withAWindowTheCountIsOfLinesSeenWithinIt() throws Exception {
        Options options = options().add("window", "1h").add("critical", "3");
        append("ERROR 1\nERROR 2\n");
        PromiseResult at10 = run(options);
        clock.advance(Duration.ofMinutes(30));
        append("ERROR 3\n");
        PromiseResult at1030 = run(options);
        clock.advance(Duration.ofMinutes(40));
        PromiseResult at1110 = run(options);
        clock.advance(Duration.ofHours(2));
        PromiseResult at1310 = run(options);

        assertThat(at10.message()).isEqualTo("2 matching lines in the last 1h in var/log/app.log; last: ERROR 2");
        assertThat(at10.status()).isEqualTo(Status.OK);
        assertThat(at1030.message()).isEqualTo("3 matching lines in the last 1h in var/log/app.log; last: ERROR 3");
        assertThat(at1030.status()).isEqualTo(Status.ERROR);
        assertThat(at1110.message()).isEqualTo("1 matching line in the last 1h in var/log/app.log; last: ERROR 3");
        assertThat(at1310.message()).isEqualTo("0 matching lines in the last 1h in var/log/app.log");
        assertThat(at1310.status()).isEqualTo(Status.OK);
    }

    @Test
    void theReportListsTheMatchesOfTheLastRunAsCsv() throws Exception {
        append("INFO\nERROR a, \"quoted\"\nERROR b\n");

        run();
        List<String> first = Files.readAllLines(report());
        run();
        List<String> second = Files.readAllLines(report());

        assertThat(first).containsExactly("time,file,offset,line",
                "2026-11-21T10:00:00Z,var/log/app.log,5,\"ERROR a, \"\"quoted\"\"\"",
                "2026-11-21T10:00:00Z,var/log/app.log,23,ERROR b");
        assertThat(second).containsExactly("time,file,offset,line");
    }

    @Test
    void theMessageCutsALongLine() throws Exception {
        append("ERROR " + "x".repeat(400) + "\n");

        PromiseResult result = run();

        assertThat(result.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR "
                + "x".repeat(194) + " [...]");
    }

    @Test
    void invalidUtf8IsReadWithReplacementCharacters() throws Exception {
        Files.write(log, new byte[] {'E', 'R', 'R', 'O', 'R', ' ', (byte) 0xff, (byte) 0xfe, ' ', 'b', 'a', 'd', '\n'});

        PromiseResult result = run();

        assertThat(result.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR \uFFFD\uFFFD bad");
    }

    @Test
    void aTenMegabyteLineIsMatchedOnItsStartAndTheFollowingLinesAreRead() throws Exception {
        append("ERROR " + "x".repeat(10 * 1024 * 1024) + "\nINFO\nERROR after\n");

        PromiseResult result = run();

        assertThat(result.message()).isEqualTo("2 new matching lines in var/log/app.log; last: ERROR after");
        assertThat(Files.readAllLines(report()).get(1)).hasSize("2026-11-21T10:00:00Z,var/log/app.log,0,".length()
                + 1000 + " [...]".length());
    }

    @Test
    void aLastLineWithoutNewlineIsCountedOnceEvenWhenItIsCompletedLater() throws Exception {
        append("INFO\nERROR no newline yet");

        PromiseResult first = run();
        append(", now complete\n");
        PromiseResult second = run();
        append("ERROR next\n");
        PromiseResult third = run();

        assertThat(first.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR no newline yet");
        assertThat(second.message()).isEqualTo("no new matching line in var/log/app.log");
        assertThat(third.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR next");
    }

    @Test
    void aFolderAFifoAndAFileRootCannotReadAreClearErrors() throws Exception {
        Files.createDirectories(dir.resolve("var/log/folder.log"));
        Plugins.Output fifo = Plugins.run(List.of(Plugins.require(Path.of("/usr/bin/mkfifo"), "coreutils")
                .toString(), dir.resolve("var/log/fifo.log").toString()));
        assertThat(fifo.code()).isZero();
        // Write-only even for root: /proc/sys checks its own modes, without the root bypass.
        Files.createSymbolicLink(dir.resolve("var/log/denied.log"), Path.of("/proc/sys/vm/drop_caches"));

        PromiseResult folder = run(Options.of(SOURCE).add("file", "var/log/folder.log").add("pattern", "x"));
        PromiseResult fifoResult = run(Options.of(SOURCE).add("file", "var/log/fifo.log").add("pattern", "x"));
        PromiseResult denied = run(Options.of(SOURCE).add("file", "var/log/denied.log").add("pattern", "x"));

        assertThat(folder).isEqualTo(PromiseResult.error("var/log/folder.log: is a folder, not a file")
                .withPerfdata(folder.perfdata()));
        assertThat(fifoResult.message()).isEqualTo("var/log/fifo.log: is not a regular file (a FIFO, socket or"
                + " device), so it is not read");
        assertThat(denied.status()).isEqualTo(Status.ERROR);
        assertThat(denied.message()).isEqualTo("var/log/denied.log: permission denied");
    }

    @Test
    void aMissingFileAndAnEmptyGlobAreErrors() throws Exception {
        PromiseResult missing = run();
        PromiseResult empty = run(Options.of(SOURCE).add("file", "var/log/*.gone").add("pattern", "x"));

        assertThat(missing.status()).isEqualTo(Status.ERROR);
        assertThat(missing.message()).isEqualTo("var/log/app.log: does not exist");
        assertThat(empty.message()).isEqualTo("var/log/*.gone: no file matches");
    }

    @Test
    void aDamagedStateStartsAfresh() throws Exception {
        append("ERROR 1\n");
        run();
        Files.writeString(dir.resolve("state").resolve(LogState.FILE_NAME), "files=2\nfile.0.path=\u0000\n");

        PromiseResult result = run();

        assertThat(result.message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR 1");
    }

    @Test
    void everyBadOptionIsNamedWithWhatIsAllowed() {
        assertThat(problem(Options.of(SOURCE).add("pattern", "x")))
                .isEqualTo(SOURCE + ": option 'file' is required; allowed: one or more paths or globs, such as"
                        + " var/log/kvm.log or var/log/*.log");
        assertThat(problem(Options.of(SOURCE).add("file", "a.log")))
                .isEqualTo(SOURCE + ": option 'pattern' is required; allowed: one or more Java regular expressions,"
                        + " such as ERROR|FATAL");
        assertThat(problem(options().add("pattern", "ERROR(")))
                .isEqualTo(SOURCE + ": option 'pattern' is 'ERROR(', allowed: a Java regular expression (Unclosed"
                        + " group near index 6)");
        assertThat(problem(options().add("ignore-pattern", "[x")))
                .isEqualTo(SOURCE + ": option 'ignore-pattern' is '[x', allowed: a Java regular expression"
                        + " (Unclosed character class near index 1)");
        assertThat(problem(options().add("warning", "0")))
                .isEqualTo(SOURCE + ": option 'warning' is '0', allowed: a whole number from 1 to 1000000000");
        assertThat(problem(options().add("critical", "many")))
                .isEqualTo(SOURCE + ": option 'critical' is 'many', allowed: a whole number from 1 to 1000000000");
        assertThat(problem(options().add("warning", "5").add("critical", "2")))
                .isEqualTo(SOURCE + ": option 'critical' (2) is below option 'warning' (5); allowed: critical at"
                        + " least warning");
        assertThat(problem(options().add("window", "an hour")))
                .isEqualTo(SOURCE + ": option 'window': 'an hour' is not a duration; allowed: a whole number with a"
                        + " unit ms, s, m, h or d, such as 20s, 5m, 1h");
        assertThat(problem(options().add("window", "0s")))
                .isEqualTo(SOURCE + ": option 'window' is '0s', allowed: a duration from 1s to 366d, such as 1h");
        assertThat(problem(options().add("window", "1h").add("window", "2h")))
                .isEqualTo(SOURCE + ": option 'window' takes one value, got 2: [1h, 2h]");
        assertThat(problem(options().add("files", "x")))
                .isEqualTo(SOURCE + ": unknown option 'files'; did you mean 'file'?; allowed: critical, file,"
                        + " ignore-pattern, pattern, warning, window");
    }

    private String problem(Options options) {
        try {
            registry.create("log-parser", options.build());
            return "no problem";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Test
    void theStateIsKeptInTheContextsStateFolder() throws Exception {
        append("ERROR 1\n");

        run();

        String state = Files.readString(dir.resolve("state").resolve(LogState.FILE_NAME), StandardCharsets.ISO_8859_1);
        assertThat(state).contains("file.0.offset=8\n").contains("file.0.key=(dev\\=");
        Files.move(dir.resolve("state"), dir.resolve("state-gone"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(run().message()).isEqualTo("1 new matching line in var/log/app.log; last: ERROR 1");
    }
}
