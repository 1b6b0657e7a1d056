package io.promisemonitor.core.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.OutputMode;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutputParserTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static ProcessOutcome.Builder exited(int code, String stdout) {
        return ProcessOutcome.builder("/p", Instant.EPOCH).pid(42).exitCode(code)
                .stdout(stdout.getBytes(UTF_8), false);
    }

    private static OutputParser.Parsed parse(OutputMode mode, ProcessOutcome.Builder outcome) {
        return OutputParser.parse(mode, outcome.build(), TIMEOUT);
    }

    private static PromiseResult auto(int code, String stdout) {
        return parse(OutputMode.AUTO, exited(code, stdout)).result();
    }

    @Test
    void aJsonObjectWithAMessageIsTheSlaposContractOkOnExitZero() {
        OutputParser.Parsed parsed = parse(OutputMode.AUTO, exited(0, "{\"message\": \"all good\", \"x\": 1}\n"));

        assertThat(parsed.result()).isEqualTo(PromiseResult.ok("all good"));
        assertThat(parsed.returncode()).isZero();
    }

    @Test
    void theSlaposContractIsErrorOnAnyOtherExitCodeEvenOneOrThree() {
        assertThat(auto(1, "{\"message\": \"disk full\"}")).isEqualTo(PromiseResult.error("disk full"));
        assertThat(auto(3, "{\"message\": \"disk full\", \"status\": \"OK\"}"))
                .isEqualTo(PromiseResult.error("disk full"));
    }

    @Test
    void aJsonMessageKeepsItsLineBreaksButLosesControlCharacters() {
        assertThat(auto(0, "{\"message\": \"a\\nb\\u0000c\\u001b[31m\"}").message()).isEqualTo("a\nb\uFFFDc\uFFFD[31m");
    }

    @Test
    void outputWithANagiosStatusWordOrPerfdataIsReadAsANagiosPluginsInAutoMode() {
        assertThat(auto(0, "DISK OK - free space: / 3326 MB (56%)")).isEqualTo(
                PromiseResult.ok("DISK OK - free space: / 3326 MB (56%)"));
        assertThat(auto(1, "LOAD WARNING").status()).isEqualTo(Status.WARNING);
        assertThat(auto(2, "HTTP CRITICAL").status()).isEqualTo(Status.ERROR);
        assertThat(auto(3, "PROCS UNKNOWN: no idea").status()).isEqualTo(Status.UNKNOWN);
        assertThat(auto(4, "FOO OK odd code").status()).isEqualTo(Status.UNKNOWN);
        assertThat(auto(1, "load is high | load1=3.2;2;4").status()).isEqualTo(Status.WARNING);
    }

    @Test
    void plainTextThatIsNotANagiosPluginsIsReadSlapOsWayAnyExitButZeroIsError() {
        assertThat(auto(1, "Free disk space low: remaning 37.4 G (threshold: 2.0 G)\nYou can modify minimum value"
                + " on your monitor interface.\n")).isEqualTo(PromiseResult.error("Free disk space low: remaning"
                + " 37.4 G (threshold: 2.0 G)").withDetails("You can modify minimum value on your monitor interface."));
        assertThat(auto(3, "no idea").status()).isEqualTo(Status.ERROR);
        assertThat(auto(0, "Disk fine").status()).isEqualTo(Status.OK);
        assertThat(auto(1, "OKAY? NOT OK-ish").status()).as("OK is a word here").isEqualTo(Status.WARNING);
        assertThat(auto(1, "TOKEN expired").status()).as("no status word").isEqualTo(Status.ERROR);
    }

    @Test
    void jsonWithoutAStringMessageOrStatusIsPlainTextInAutoMode() {
        assertThat(auto(0, "{\"message\": 3}")).isEqualTo(PromiseResult.ok("{\"message\": 3}"));
        assertThat(auto(2, "{\"message\": 3}")).isEqualTo(PromiseResult.error("{\"message\": 3}"));
    }

    @Test
    void aJsonStatusIsKeptInAnyCaseAndAnExitCodeOtherThanZeroIsNeverOk() {
        assertThat(auto(0, "{\"status\": \"OK\"}")).as("no message: empty, never the JSON text")
                .isEqualTo(PromiseResult.ok(""));
        assertThat(auto(2, "{\"status\": \"OK\"}")).isEqualTo(PromiseResult.error(""));
        assertThat(auto(0, "{\"status\": \"BAD\", \"message\": \"Password never changed\"}"))
                .isEqualTo(PromiseResult.error("Password never changed"));
        assertThat(auto(1, "{\"status\": \"error\"}").status()).isEqualTo(Status.ERROR);
        assertThat(auto(0, "{\"status\": \"warning\", \"message\": \"m\"}").status()).isEqualTo(Status.WARNING);
        assertThat(auto(1, "{\"status\": \"Warning\", \"message\": \"m\"}").status()).isEqualTo(Status.WARNING);
        assertThat(auto(0, "{\"status\": \"\", \"message\": \"m\"}").status()).as("empty: the exit code tells")
                .isEqualTo(Status.OK);
    }

    @Test
    void aJsonPromisesDescriptionAndErrorAreKept() {
        PromiseResult result = auto(1, "{\"status\": \"ERROR\", \"message\": \"down\", \"description\":"
                + " \"Checks the frontend\", \"error\": \"timeout\"}");

        assertThat(result.description()).isEqualTo("Checks the frontend");
        assertThat(result.error()).isEqualTo("timeout");
        assertThat(auto(0, "{\"message\": \"m\", \"error\": {\"code\": 3}}").error()).isEqualTo("{\"code\":3}");
    }

    @Test
    void nagiosFirstLineIsTheMessageAndPerfdataFollowsTheBar() {
        PromiseResult result = auto(0, "DISK OK - free space: / 3326 MB (56%) | /=2643MB;5948;5958;0;5968\n");

        assertThat(result.message()).isEqualTo("DISK OK - free space: / 3326 MB (56%)");
        assertThat(result.perfdata()).containsExactly(new Perfdata("/", 2643, "MB", "5948", "5958", "0", "5968"));
        assertThat(result.details()).isNull();
    }

    @Test
    void nagiosLongOutputGoesToDetailsAndLaterPerfdataIsParsed() {
        PromiseResult result = auto(1, "DISK WARNING | /=2643MB\n/ 15% free\n/boot 8% free | /boot=68MB\n/home=1MB\n");

        assertThat(result.message()).isEqualTo("DISK WARNING");
        assertThat(result.details()).isEqualTo("/ 15% free\n/boot 8% free");
        assertThat(result.perfdata()).containsExactly(Perfdata.of("/", 2643, "MB"), Perfdata.of("/boot", 68, "MB"),
                Perfdata.of("/home", 1, "MB"));
    }

    @Test
    void aNagiosLineWithOnlyPerfdataHasAMessageSayingSo() {
        assertThat(auto(0, "| a=1")).isEqualTo(PromiseResult.ok("promise printed no message (exit code 0)")
                .withPerfdata(java.util.List.of(Perfdata.of("a", 1, ""))));
    }

    @Test
    void nagiosModeNeverTriesJson() {
        assertThat(parse(OutputMode.NAGIOS, exited(0, "{\"message\": \"hi\"}")).result())
                .isEqualTo(PromiseResult.ok("{\"message\": \"hi\"}"));
    }

    @Test
    void jsonModeQuotesTheStartOfAnythingElse() {
        assertThat(parse(OutputMode.JSON, exited(0, "OK all fine\nsecond line")).result()).isEqualTo(
                PromiseResult.error("expected a JSON object with a \"message\" string on stdout, got:"
                        + " 'OK all fine\\nsecond line'"));
        assertThat(parse(OutputMode.JSON, exited(0, "{\"status\": 3}")).result().message()).isEqualTo(
                "expected a JSON object with a \"message\" string on stdout, got: '{\"status\": 3}'");
    }

    @Test
    void jsonModeQuotesAtMostTwoHundredCharacters() {
        String junk = "x".repeat(300);

        assertThat(parse(OutputMode.JSON, exited(0, junk)).result().message()).isEqualTo(
                "expected a JSON object with a \"message\" string on stdout, got: '" + "x".repeat(200) + "...'");
    }

    @Test
    void jsonModeAcceptsTheContract() {
        assertThat(parse(OutputMode.JSON, exited(2, "{\"message\": \"down\"}")).result())
                .isEqualTo(PromiseResult.error("down"));
    }

    @Test
    void jsonFollowedByMoreTextIsNotTheContract() {
        assertThat(auto(0, "{\"message\": \"a\"} trailing").message()).isEqualTo("{\"message\": \"a\"} trailing");
    }

    @Test
    void noOutputAtAllGivesTheExitCodesStatusAndSaysSo() {
        assertThat(auto(0, "")).isEqualTo(PromiseResult.ok("promise printed nothing (exit code 0)"));
        assertThat(auto(2, "  \n")).isEqualTo(PromiseResult.error("promise printed nothing (exit code 2)"));
        assertThat(parse(OutputMode.NAGIOS, exited(1, "")).result())
                .isEqualTo(PromiseResult.warning("promise printed nothing (exit code 1)"));
    }

    @Test
    void noOutputInJsonModeIsAnError() {
        assertThat(parse(OutputMode.JSON, exited(0, "")).result()).isEqualTo(PromiseResult.error(
                "promise printed nothing, expected a JSON object with a \"message\" string on stdout (exit code 0)"));
    }

    @Test
    void noStdoutButStderrTakesStderrsFirstLineAsMessageAndKeepsItsTailInDetails() {
        OutputParser.Parsed parsed = parse(OutputMode.AUTO,
                exited(1, "").stderr("https://[::1]:8196 is not available (server not reachable).\nsecond\n"
                        .getBytes(UTF_8), false));

        assertThat(parsed.result().status()).isEqualTo(Status.ERROR);
        assertThat(parsed.result().message()).isEqualTo("https://[::1]:8196 is not available (server not reachable).");
        assertThat(parsed.result().details()).isEqualTo("stderr:\nhttps://[::1]:8196 is not available (server not"
                + " reachable).\nsecond");
        assertThat(parse(OutputMode.AUTO, exited(0, "").stderr("https://x is protected (returned 401).\n"
                .getBytes(UTF_8), false)).result()).isEqualTo(PromiseResult.ok("https://x is protected (returned 401)."));
    }

    @Test
    void noStdoutButStderrInNagiosModeStillQuotesStderrsLastLine() {
        OutputParser.Parsed parsed = parse(OutputMode.NAGIOS,
                exited(1, "").stderr("starting\nTraceback\nValueError: bad\n".getBytes(UTF_8), false));

        assertThat(parsed.result().status()).isEqualTo(Status.WARNING);
        assertThat(parsed.result().message())
                .isEqualTo("promise printed nothing on stdout (exit code 1); stderr: ValueError: bad");
    }

    @Test
    void stderrGoesToDetailsOnlyWhenTheStatusIsBad() {
        byte[] stderr = "noise\n".getBytes(UTF_8);

        assertThat(parse(OutputMode.AUTO, exited(0, "{\"message\": \"fine\"}").stderr(stderr, false)).result()
                .details()).isNull();
        assertThat(parse(OutputMode.AUTO, exited(1, "{\"message\": \"bad\"}").stderr(stderr, false)).result()
                .details()).isEqualTo("stderr:\nnoise");
    }

    @Test
    void onlyTheLastTenStderrLinesAreKept() {
        StringBuilder stderr = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            stderr.append("line ").append(i).append('\n');
        }
        String details = parse(OutputMode.AUTO, exited(2, "CRIT").stderr(stderr.toString().getBytes(UTF_8), false))
                .result().details();

        assertThat(details).startsWith("stderr:\nline 21\n").endsWith("line 30").doesNotContain("line 20\n");
    }

    @Test
    void aTimeoutIsAnErrorInSlaposWordsWhateverWasPrinted() {
        OutputParser.Parsed parsed = parse(OutputMode.AUTO,
                exited(137, "{\"message\": \"fine\"}").timedOut(true));

        assertThat(parsed.result().status()).isEqualTo(Status.ERROR);
        assertThat(parsed.result().message()).isEqualTo("Promise timed out after 20 seconds");
        assertThat(parsed.result().details()).isEqualTo("stdout:\n{\"message\": \"fine\"}");
        assertThat(parsed.returncode()).isEqualTo(137);
    }

    @Test
    void aFractionalTimeoutIsWrittenWithItsDecimals() {
        assertThat(OutputParser.parse(OutputMode.AUTO, exited(137, "").timedOut(true).build(),
                Duration.ofMillis(1500)).result().message()).isEqualTo("Promise timed out after 1.5 seconds");
    }

    @Test
    void deathBySignalIsAnErrorNamingTheSignal() {
        assertThat(auto(137, "")).isEqualTo(PromiseResult.error("promise was killed by signal 9 (KILL)"));
        assertThat(auto(139, "partial").details()).isEqualTo("stdout:\npartial");
        assertThat(auto(128 + 15, "").message()).isEqualTo("promise was killed by signal 15 (TERM)");
    }

    @Test
    void aStartFailureIsAnErrorWithItsMessage() {
        OutputParser.Parsed parsed = parse(OutputMode.AUTO, ProcessOutcome.builder("/x/y", Instant.EPOCH)
                .startFailure("promise /x/y is not executable (chmod +x it)", 126));

        assertThat(parsed.result()).isEqualTo(PromiseResult.error("promise /x/y is not executable (chmod +x it)"));
        assertThat(parsed.returncode()).isEqualTo(126);
    }

    @Test
    void outputHoldingANulByteIsAnErrorSayingItIsBinaryWhateverTheExitCodeAndMode() {
        byte[] binary = {'O', 'K', 0, (byte) 0xff, (byte) 0xfe, 0x1b, '[', '0', 'm', '\t', 'x', '\n', 0, 1};

        for (OutputMode mode : OutputMode.values()) {
            PromiseResult result = OutputParser.parse(mode,
                    ProcessOutcome.builder("/p", Instant.EPOCH).exitCode(0).stdout(binary, false).build(), TIMEOUT)
                    .result();

            assertThat(result).isEqualTo(
                    PromiseResult.error("promise printed binary data on stdout (a NUL byte at byte 3 of 14)"));
        }
    }

    @Test
    void outputWithMoreThanAQuarterOfItsBytesNotUtf8IsBinary() {
        byte[] bytes = {'a', 'b', (byte) 0xff, (byte) 0xfe};

        PromiseResult result = OutputParser.parse(OutputMode.AUTO,
                ProcessOutcome.builder("/p", Instant.EPOCH).exitCode(0).stdout(bytes, false).build(), TIMEOUT)
                .result();

        assertThat(result).isEqualTo(
                PromiseResult.error("promise printed binary data on stdout (2 of its 4 bytes are not UTF-8)"));
    }

    @Test
    void textWithAFewStrayBytesAndControlCharactersStaysAPrintableMessage() {
        byte[] text = {'T', 'e', 'm', 'p', (byte) 0xe9, 'r', 'a', 't', 'u', 'r', 'e', ' ', 'O', 'K', 0x1b, '[', '0',
            'm', '\t', 'x', '\n', 1, 'y'};

        PromiseResult result = OutputParser.parse(OutputMode.AUTO,
                ProcessOutcome.builder("/p", Instant.EPOCH).exitCode(0).stdout(text, false).build(), TIMEOUT)
                .result();

        assertThat(result.message()).isEqualTo("Temp\uFFFDrature OK\uFFFD[0m x");
        assertThat(result.details()).isEqualTo("\uFFFDy");
    }

    @Test
    void aMultiByteCharacterCutByTheCapIsNotCountedAsBinary() {
        byte[] cut = {'O', 'K', ' ', (byte) 0xe2, (byte) 0x82};

        PromiseResult result = OutputParser.parse(OutputMode.AUTO, ProcessOutcome.builder("/p", Instant.EPOCH)
                .exitCode(0).stdout(cut, true).build(), TIMEOUT).result();

        assertThat(result.status()).isEqualTo(Status.OK);
    }

    @Test
    void jsonCutByTheCapIsAnErrorSayingTheOutputIsTooLargeNeverNagios() {
        byte[] cut = ("  {\"message\": \"" + "x".repeat(2000)).getBytes(UTF_8);

        for (OutputMode mode : new OutputMode[] {OutputMode.AUTO, OutputMode.JSON}) {
            OutputParser.Parsed parsed = parse(mode, ProcessOutcome.builder("/p", Instant.EPOCH).exitCode(1)
                    .stdout(cut, true).stdoutPrinted(3_000_000));

            assertThat(parsed.result())
                    .isEqualTo(PromiseResult.error("output too large: 3000000 bytes, limit 2015 bytes"));
        }
    }

    @Test
    void cutOutputInNagiosModeIsStillReadAsNagios() {
        OutputParser.Parsed parsed = parse(OutputMode.NAGIOS, ProcessOutcome.builder("/p", Instant.EPOCH)
                .exitCode(1).stdout("{ LOAD WARNING".getBytes(UTF_8), true).stdoutPrinted(5_000_000));

        assertThat(parsed.result()).isEqualTo(
                PromiseResult.warning("{ LOAD WARNING").withDetails("(stdout was cut after 14 bytes)"));
    }

    @Test
    void anUnknownPerfdataValueIsKept() {
        PromiseResult result = auto(3, "PING UNKNOWN | rta=U;100;200;0 pl=100%\n");

        assertThat(result.perfdata()).containsExactly(new Perfdata("rta", Double.NaN, "", "100", "200", "0", null),
                Perfdata.of("pl", 100, "%"));
    }

    @Test
    void aHugeMessageIsCappedByTheResult() {
        PromiseResult result = auto(0, "y".repeat(20_000));

        assertThat(result.message()).hasSize(PromiseResult.MAX_MESSAGE_LENGTH).endsWith(" [... cut]");
    }

    @Test
    void cutStdoutIsNotedInTheDetails() {
        OutputParser.Parsed parsed = parse(OutputMode.AUTO,
                ProcessOutcome.builder("/p", Instant.EPOCH).exitCode(0).stdout("OK".getBytes(UTF_8), true));

        assertThat(parsed.result().details()).isEqualTo("(stdout was cut after 2 bytes)");
    }
}
