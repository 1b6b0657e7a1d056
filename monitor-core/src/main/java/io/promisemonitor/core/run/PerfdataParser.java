package io.promisemonitor.core.run;

import io.promisemonitor.core.promise.Perfdata;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Nagios performance data: {@code 'label'=value[UOM];[warn];[crit];[min];[max]}, space separated. A label
 * with spaces is quoted with single quotes, {@code ''} standing for a quote. A value of {@code U} (the plugin could
 * not tell) is kept with a NaN value, written as null. Malformed entries are skipped: bad perfdata never spoils a
 * result.
 */
public final class PerfdataParser {

    /** The Nagios units, and GB, which plugins print although the guidelines forgot it. */
    private static final Set<String> UNITS = Set.of("", "s", "ms", "us", "%", "B", "KB", "MB", "GB", "TB", "c");
    private static final Pattern VALUE = Pattern.compile("([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|U)(.*)");
    /** A threshold range ({@code 10}, {@code 10:}, {@code ~:10}, {@code @10:20}) or a bare min/max number. */
    private static final Pattern THRESHOLD = Pattern.compile("@?(?:~|[-+0-9.eE]*)(?::[-+0-9.eE]*)?");

    private PerfdataParser() {
    }

    public static List<Perfdata> parse(String text) {
        List<Perfdata> result = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder label = new StringBuilder();
            boolean ok = true;
            if (text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\'') {
                        if (i < n && text.charAt(i) == '\'') {
                            label.append('\'');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        label.append(c);
                    }
                }
                ok = closed && i < n && text.charAt(i) == '=';
            } else {
                while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                    label.append(text.charAt(i++));
                }
                ok = i < n && text.charAt(i) == '=';
            }
            int valueStart = i + 1;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (ok && label.length() > 0) {
                Perfdata datum = datum(label.toString(), text.substring(Math.min(valueStart, i), i));
                if (datum != null) {
                    result.add(datum);
                }
            }
        }
        return result;
    }

    private static Perfdata datum(String label, String spec) {
        String[] fields = spec.split(";", -1);
        if (fields.length > 5) {
            return null;
        }
        Matcher value = VALUE.matcher(fields[0]);
        if (!value.matches() || !UNITS.contains(value.group(2))) {
            return null;
        }
        String[] rest = new String[4];
        for (int f = 1; f < fields.length; f++) {
            if (!THRESHOLD.matcher(fields[f]).matches()) {
                return null;
            }
            rest[f - 1] = fields[f];
        }
        double number = value.group(1).equals("U") ? Double.NaN : Double.parseDouble(value.group(1));
        return new Perfdata(label, number, value.group(2), rest[0], rest[1], rest[2], rest[3]);
    }
}
