package io.promisemonitor.promises.http;

import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.promises.internal.Values;
import java.util.ArrayList;
import java.util.List;

/** Expected HTTP status codes: {@code 200}, {@code 200-299}, {@code 2xx}, comma separated or one a line. */
final class StatusCodes {

    static final String ALLOWED = "status codes from 100 to 599, ranges or classes, such as 200, 200-299, 2xx or"
            + " 200,301-302";

    private final List<int[]> ranges;
    private final String text;

    private StatusCodes(List<int[]> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    static StatusCodes parse(PromiseOptions options, String name, String fallback) {
        List<String> items = options.commaItems(name);
        if (items.isEmpty()) {
            items = List.of(fallback);
        }
        String raw = String.join(",", items);
        List<int[]> ranges = new ArrayList<>();
        for (String item : items) {
            int[] range = range(item);
            if (range == null) {
                throw options.bad(name, raw, ALLOWED);
            }
            ranges.add(range);
        }
        return new StatusCodes(ranges, raw);
    }

    private static int[] range(String item) {
        String s = item.strip();
        try {
            if (s.length() == 3 && s.endsWith("xx") && s.charAt(0) >= '1' && s.charAt(0) <= '5') {
                int base = (s.charAt(0) - '0') * 100;
                return new int[] {base, base + 99};
            }
            int dash = s.indexOf('-');
            int low = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).strip());
            int high = dash < 0 ? low : Integer.parseInt(s.substring(dash + 1).strip());
            return low >= 100 && high <= 599 && low <= high ? new int[] {low, high} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean contains(int code) {
        for (int[] r : ranges) {
            if (code >= r[0] && code <= r[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
