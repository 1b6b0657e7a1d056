package io.promisemonitor.core.publish;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding of URL text as UTF-8, shared by the web server's paths and the rerun endpoint's query
 * string: a broken escape, a raw non-ASCII character or bytes that are not UTF-8 are errors, never guessed at.
 */
public final class PercentDecoding {

    /** What was wrong; each caller words its own message. */
    public enum Problem {
        /** {@code %} not followed by two hexadecimal digits. */
        BAD_ESCAPE,
        /** A character above {@code ~} that was not percent-encoded. */
        UNESCAPED,
        /** The decoded bytes are not UTF-8. */
        NOT_UTF8
    }

    /** Thrown by {@link #decode} with what was wrong. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        Malformed(Problem problem) {
            super(problem.name(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private PercentDecoding() {
    }

    /**
     * Decodes {@code raw} from {@code start} to {@code end}; with {@code plusIsSpace} (a form-encoded query) a
     * {@code +} is a space. Text with nothing to decode comes back without a copy of its bytes.
     */
    public static String decode(String raw, int start, int end, boolean plusIsSpace) throws Malformed {
        int i = start;
        while (i < end) {
            char c = raw.charAt(i);
            if (c == '%' || c > 0x7e || c == '+' && plusIsSpace) {
                break;
            }
            i++;
        }
        if (i == end) {
            return raw.substring(start, end);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= end || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new Malformed(Problem.BAD_ESCAPE);
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7e) {
                throw new Malformed(Problem.UNESCAPED);
            } else {
                bytes.write(c == '+' && plusIsSpace ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(Problem.NOT_UTF8);
        }
    }
}
