package io.promisemonitor.promises.pagekite;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a multipart/form-data body back: {@code field:filename} to the part's bytes. */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\\S+)");
    private static final Pattern DISPOSITION = Pattern.compile("name=\"([^\"]*)\"; filename=\"([^\"]*)\"");

    private Multipart() {
    }

    static Map<String, byte[]> parse(String contentType, byte[] body) {
        Matcher b = BOUNDARY.matcher(contentType);
        if (!contentType.startsWith("multipart/form-data") || !b.find()) {
            throw new AssertionError("not multipart/form-data: " + contentType);
        }
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headerStart = at + delimiter.length;
            if (body[headerStart] == '-' && body[headerStart + 1] == '-') {
                break;
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
            String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.ISO_8859_1);
            int next = indexOf(body, ("\r\n--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1), headerEnd);
            Matcher d = DISPOSITION.matcher(headers);
            if (!d.find()) {
                throw new AssertionError("part without a file name: " + headers);
            }
            parts.put(d.group(1) + ":" + d.group(2), Arrays.copyOfRange(body, headerEnd + 4, next));
            at = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
