package io.promisemonitor.web.files;

import io.undertow.util.DateUtils;
import java.util.Date;

/** One byte range of {@code Range: bytes=...}; several ranges or a malformed header mean the whole file. */
final class Ranges {

    /** The answer for a range that starts past the end: 416. */
    static final long[] UNSATISFIABLE = new long[0];

    private Ranges() {
    }

    /** {first, last} inclusive, {@link #UNSATISFIABLE}, or null to send the whole file. */
    static long[] parse(String header, String ifRange, String etag, long modified, long size) {
        if (ifRange != null && !ifRange.strip().equals(etag)) {
            Date date = DateUtils.parseDate(ifRange.strip());
            if (date == null || modified / 1000 != date.getTime() / 1000) {
                return null;
            }
        }
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? size - 1 : Long.parseLong(last);
            if (from >= size) {
                return UNSATISFIABLE;
            }
            if (from < 0 || to < from) {
                return null;
            }
            return new long[] {from, Math.min(to, size - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
