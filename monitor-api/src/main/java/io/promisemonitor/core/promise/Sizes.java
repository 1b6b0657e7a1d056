package io.promisemonitor.core.promise;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as written in the configuration: {@code 512KiB}, {@code 5GiB}, {@code 1MB}, {@code 100B}. */
public final class Sizes {

    private static final Pattern FORM = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?)\\s*(B|KiB|MiB|GiB|TiB|kB|KB|MB|GB|TB)?");

    private Sizes() {
    }

    /** Bytes. A bare number is bytes; binary units are powers of 1024, decimal ones of 1000. */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; allowed: a number with a unit B, KiB,"
                    + " MiB, GiB, TiB, kB, MB, GB or TB, such as 512KiB or 5GiB");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        double factor;
        switch (unit) {
            case "KiB": factor = 1L << 10; break;
            case "MiB": factor = 1L << 20; break;
            case "GiB": factor = 1L << 30; break;
            case "TiB": factor = 1L << 40; break;
            case "kB": case "KB": factor = 1e3; break;
            case "MB": factor = 1e6; break;
            case "GB": factor = 1e9; break;
            case "TB": factor = 1e12; break;
            default: factor = 1; break;
        }
        return Math.round(n * factor);
    }

    /** A percent such as {@code 10%}, returned as 10.0; 0 to 100 inclusive. */
    public static double parsePercent(String text) {
        String t = text.trim();
        if (t.endsWith("%")) {
            try {
                double v = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                if (v >= 0 && v <= 100) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a percent; allowed: 0% to 100%, such as 10%");
    }
}
