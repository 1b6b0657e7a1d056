package io.promisemonitor.core.run;

import io.promisemonitor.core.config.OutputMode;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Turns what a promise program did into a result, by the SlapOS contract (a JSON object with {@code message} on
 * stdout, exit 0 good) or the Nagios plugin one (exit 0/1/2/3, first line the message, perfdata after {@code |}).
 * Whatever the program printed, the message stays printable and never holds a stack trace.
 */
public final class OutputParser {

    /** How much of unexpected output a JSON-mode error quotes. */
    static final int QUOTE_CHARS = 200;
    /** How many of the last stderr lines go into the details, and at most how many characters of them. */
    static final int STDERR_LINES = 10;
    static final int STDERR_CHARS = 2000;
    /** How many first lines of stdout the details keep when the output was not read (timeout, signal). */
    static final int STDOUT_LINES = 10;
    /** Long text is cut first, so that the notes after it (cut output, stderr) survive the overall cap. */
    static final int LONG_TEXT_CHARS = 6000;
    static final int MAX_DETAILS = 10_000;

    /** A Nagios plugin's status word, as a whole word, in its first line. */
    private static final Pattern NAGIOS_WORD =
            Pattern.compile("(?<![A-Za-z0-9_])(OK|WARNING|CRITICAL|UNKNOWN)(?![A-Za-z0-9_])");
    private static final String EXPECTED_JSON = "expected a JSON object with a \"message\" string on stdout";

    /** The result of one run and the exit code to report as {@code returncode}. */
    public record Parsed(PromiseResult result, int returncode) {
        public Parsed {
            Objects.requireNonNull(result, "result");
        }
    }

    private OutputParser() {
    }

    public static Parsed parse(OutputMode mode, ProcessOutcome outcome, Duration timeout) {
        int code = outcome.exitCode();
        Optional<String> startFailure = outcome.startFailure();
        if (startFailure.isPresent()) {
            return new Parsed(PromiseResult.error(printable(startFailure.get(), false)), code);
        }
        String stdout = new String(outcome.stdout(), StandardCharsets.UTF_8);
        String stderr = new String(outcome.stderr(), StandardCharsets.UTF_8);
        PromiseResult result;
        String stdoutNote = null;
        OptionalInt signal = outcome.signal();
        Optional<String> binary = binary(outcome.stdout(), outcome.stdoutTruncated());
        boolean cutJson = outcome.stdoutTruncated() && mode != OutputMode.NAGIOS && stdout.strip().startsWith("{");
        if (outcome.timedOut()) {
            result = PromiseResult.error("Promise timed out after " + seconds(timeout) + " seconds");
            stdoutNote = head(stdout);
        } else if (signal.isPresent()) {
            result = PromiseResult.error("promise was killed by signal " + signal.getAsInt() + " ("
                    + ProcessOutcome.signalName(signal.getAsInt()) + ")");
            stdoutNote = head(stdout);
        } else if (binary.isPresent()) {
            result = PromiseResult.error("promise printed binary data on stdout (" + binary.get() + ")");
        } else if (cutJson) {
            // cut JSON never parses; read as Nagios it would turn exit 1 into WARNING with raw JSON as the message
            result = PromiseResult.error("output too large: " + outcome.stdoutPrinted() + " bytes, limit "
                    + size(outcome.stdout().length));
        } else if (stdout.isBlank()) {
            // stderr's tail goes to the details below, so only its first line is taken here
            result = mode == OutputMode.AUTO && !stderr.isBlank() ? plainText(code, stderr).withDetails(null)
                    : printedNothing(mode, code, stderr);
        } else {
            result = read(mode, code, stdout);
        }
        List<String> details = new ArrayList<>();
        if (result.details() != null) {
            details.add(result.details());
        }
        if (stdoutNote != null) {
            details.add("stdout:\n" + stdoutNote);
        }
        if (outcome.stdoutTruncated() && !cutJson) {
            details.add("(stdout was cut after " + outcome.stdout().length + " bytes)");
        }
        if ((result.status().isBad() || result.message().isEmpty()) && !stderr.isBlank()) {
            details.add("stderr:\n" + tail(stderr) + (outcome.stderrTruncated()
                    ? "\n(stderr was cut after " + outcome.stderr().length + " bytes)" : ""));
        }
        return new Parsed(result.withDetails(details.isEmpty() ? null : cap(String.join("\n", details))), code);
    }

    /**
     * Why stdout is binary rather than text, if it is: it holds a NUL byte, or more than a quarter of its bytes are
     * not UTF-8. Below that, text with a few stray bytes (an old plugin's Latin-1 accent) is still read, each bad
     * byte shown as U+FFFD. A sequence cut by the capture cap at the very end is not counted.
     */
    static Optional<String> binary(byte[] out, boolean truncated) {
        boolean ascii = true;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                return Optional.of("a NUL byte at byte " + (i + 1) + " of " + out.length);
            }
            ascii &= out[i] > 0;
        }
        if (ascii) {
            return Optional.empty(); // nearly every promise's output: nothing to decode (a decoder and 8 KB a run)
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(out, 0, truncated && cutAtTheEnd(out) ? lastLead(out) : out.length);
        CharBuffer chars = CharBuffer.allocate(4096);
        long invalid = 0;
        while (true) {
            CoderResult r = decoder.decode(in, chars, true);
            if (r.isError()) {
                invalid += r.length();
                in.position(in.position() + r.length());
            } else if (r.isOverflow()) {
                chars.clear();
            } else {
                break;
            }
        }
        if (invalid * 4 > out.length) {
            return Optional.of(invalid + " of its " + out.length + " bytes are not UTF-8");
        }
        return Optional.empty();
    }

    /** True when the output ends inside a multi-byte sequence that a longer capture would have completed. */
    private static boolean cutAtTheEnd(byte[] out) {
        int lead = lastLead(out);
        if (lead < 0) {
            return false;
        }
        int b = out[lead] & 0xff;
        int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        return out.length - lead < length;
    }

    /** The position of the last byte that starts a multi-byte sequence within the last three bytes, or -1. */
    private static int lastLead(byte[] out) {
        for (int i = out.length - 1; i >= Math.max(0, out.length - 3); i--) {
            int b = out[i] & 0xff;
            if (b >= 0xc2 && b <= 0xf4) {
                return i;
            }
            if (b < 0x80 || b >= 0xc0) {
                return -1;
            }
        }
        return -1;
    }

    /** {@code 1 MiB}, {@code 64 KiB}, else bytes. */
    private static String size(int bytes) {
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes > 0 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }

    private static PromiseResult read(OutputMode mode, int code, String stdout) {
        switch (mode) {
            case NAGIOS:
                return nagios(code, stdout);
            case JSON:
                return slapos(code, stdout).orElseGet(() -> PromiseResult.error(EXPECTED_JSON + ", got: "
                        + quote(stdout)));
            default:
                return slapos(code, stdout).orElseGet(() -> plainText(code, stdout));
        }
    }

    /**
     * Text that is not SlapOS JSON: a Nagios plugin's when its first line holds a status word ({@code OK},
     * {@code WARNING}, {@code CRITICAL}, {@code UNKNOWN}) or it prints perfdata; otherwise read SlapOS's way, any
     * exit code but 0 being ERROR. The message is the first line, the other lines the details.
     */
    private static PromiseResult plainText(int code, String text) {
        if (isNagios(text)) {
            return nagios(code, text);
        }
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        String message = printable(end < 0 ? stripped : stripped.substring(0, end), false).strip();
        String details = end < 0 ? "" : printable(stripped.substring(end + 1), true).strip();
        if (details.length() > LONG_TEXT_CHARS) {
            details = details.substring(0, LONG_TEXT_CHARS) + " [... cut]";
        }
        return PromiseResult.of(code == 0 ? Status.OK : Status.ERROR, message)
                .withDetails(details.isEmpty() ? null : details);
    }

    static boolean isNagios(String text) {
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        String first = end < 0 ? stripped : stripped.substring(0, end);
        int bar = first.indexOf('|');
        if (NAGIOS_WORD.matcher(bar < 0 ? first : first.substring(0, bar)).find()) {
            return true;
        }
        int anyBar = stripped.indexOf('|');
        return anyBar >= 0 && !PerfdataParser.parse(stripped.substring(anyBar + 1).replace('\n', ' ')).isEmpty();
    }

    private static PromiseResult printedNothing(OutputMode mode, int code, String stderr) {
        String lastError = stderr.isBlank() ? null : printable(lastLine(stderr), false);
        if (mode == OutputMode.JSON) {
            return PromiseResult.error("promise printed nothing, " + EXPECTED_JSON + " (exit code " + code + ")"
                    + (lastError == null ? "" : "; stderr: " + lastError));
        }
        Status status = mode == OutputMode.NAGIOS ? Status.fromNagiosExitCode(code)
                : code == 0 ? Status.OK : Status.ERROR;
        if (lastError == null) {
            return PromiseResult.of(status, "promise printed nothing (exit code " + code + ")");
        }
        return PromiseResult.of(status, "promise printed nothing on stdout (exit code " + code + "); stderr: "
                + lastError);
    }

    /**
     * The SlapOS contract: a JSON object with a {@code message} or a {@code status} string. Its {@code status}
     * (any case) is kept, {@code OK} turning to ERROR when the exit code is not 0; without one, the exit code
     * tells. No message is an empty message. {@code description} and {@code error} are kept as they came.
     */
    private static Optional<PromiseResult> slapos(int code, String stdout) {
        String text = stdout.strip();
        if (!text.startsWith("{")) {
            return Optional.empty();
        }
        Map<String, Object> node;
        try {
            node = Json.readObject(text);
        } catch (Json.Invalid e) {
            return Optional.empty();
        }
        String said = Json.text(node, "message");
        String word = Json.text(node, "status");
        if (said == null && word == null) {
            return Optional.empty();
        }
        String message = said != null ? printable(said, true) : "";
        Status status = code == 0 ? Status.OK : Status.ERROR;
        String given = word != null ? word.strip() : "";
        if (!given.isEmpty()) {
            Status own = jsonStatus(given);
            status = own == Status.OK && code != 0 ? Status.ERROR : own;
        }
        return Optional.of(PromiseResult.of(status, message).withSlapOsFields(field(node, "description"),
                field(node, "error")));
    }

    /** SlapOS wrote OK, ERROR, error, BAD: OK, WARNING and UNKNOWN keep their meaning, any other word is ERROR. */
    static Status jsonStatus(String given) {
        switch (given.toUpperCase(Locale.ROOT)) {
            case "OK": return Status.OK;
            case "WARNING": return Status.WARNING;
            case "UNKNOWN": return Status.UNKNOWN;
            default: return Status.ERROR;
        }
    }

    /** A text field as it came; another JSON value as its JSON text. */
    private static String field(Map<String, Object> node, String name) {
        Object value = node.get(name);
        if (value == null) {
            return null;
        }
        return printable(value instanceof String text ? text : Json.line(value), true);
    }

    /**
     * The Nagios plugin contract: {@code TEXT | PERFDATA} on the first line, long text on the next ones, and on the
     * first long-text line holding a {@code |} and every line after it, more perfdata.
     */
    private static PromiseResult nagios(int code, String stdout) {
        List<String> lines = Arrays.asList(stdout.strip().split("\r?\n", -1));
        String first = lines.get(0);
        int bar = first.indexOf('|');
        String message = printable(bar < 0 ? first : first.substring(0, bar), false).strip();
        StringBuilder perf = new StringBuilder(bar < 0 ? "" : first.substring(bar + 1));
        List<String> longText = new ArrayList<>();
        boolean inPerfdata = false;
        for (String line : lines.subList(1, lines.size())) {
            if (inPerfdata) {
                perf.append(' ').append(line);
                continue;
            }
            int b = line.indexOf('|');
            if (b < 0) {
                longText.add(line);
            } else {
                longText.add(line.substring(0, b));
                perf.append(' ').append(line.substring(b + 1));
                inPerfdata = true;
            }
        }
        List<Perfdata> perfdata = PerfdataParser.parse(perf.toString());
        if (message.isEmpty()) {
            message = "promise printed no message (exit code " + code + ")";
        }
        String details = printable(String.join("\n", longText), true).strip();
        if (details.length() > LONG_TEXT_CHARS) {
            details = details.substring(0, LONG_TEXT_CHARS) + " [... cut]";
        }
        return PromiseResult.of(Status.fromNagiosExitCode(code), message).withPerfdata(perfdata)
                .withDetails(details.isEmpty() ? null : details);
    }

    /**
     * Replaces control characters (NUL, escape sequences, C1 codes) with U+FFFD so that binary output stays
     * readable in a dashboard; invalid UTF-8 was already replaced when decoding. Tabs become spaces.
     */
    static String printable(String text, boolean keepNewlines) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append(keepNewlines ? '\n' : ' ');
            } else if (c == '\t') {
                out.append(' ');
            } else if (c == '\r') {
                continue;
            } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String quote(String stdout) {
        String text = stdout.strip();
        boolean longer = text.length() > QUOTE_CHARS;
        if (longer) {
            text = text.substring(0, QUOTE_CHARS);
        }
        return "'" + printable(text.replace("\n", "\\n"), false) + (longer ? "...'" : "'");
    }

    private static String head(String stdout) {
        if (stdout.isBlank()) {
            return null;
        }
        List<String> lines = Arrays.asList(stdout.strip().split("\r?\n", -1));
        return printable(String.join("\n", lines.subList(0, Math.min(STDOUT_LINES, lines.size()))), true);
    }

    private static String tail(String stderr) {
        List<String> lines = Arrays.asList(stderr.strip().split("\r?\n", -1));
        String text = printable(String.join("\n", lines.subList(Math.max(0, lines.size() - STDERR_LINES),
                lines.size())), true);
        return text.length() <= STDERR_CHARS ? text : "[...] " + text.substring(text.length() - STDERR_CHARS);
    }

    private static String lastLine(String text) {
        String stripped = text.strip();
        return stripped.substring(stripped.lastIndexOf('\n') + 1).strip();
    }

    private static String cap(String details) {
        return details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS) + " [... cut]";
    }

    private static String seconds(Duration timeout) {
        return BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
