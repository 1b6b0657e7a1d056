package io.promisemonitor.cgi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer to a rerun request: status, headers and a JSON body; the web adapter and the CGI script send it. */
public record RerunAnswer(int status, Map<String, String> headers, String body) {

    public RerunAnswer {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static RerunAnswer json(int status, String body, String... headerPairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        return new RerunAnswer(status, headers, body);
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code 202 Accepted}, for a CGI {@code Status:} line. */
    public String statusLine() {
        return status + " " + reason(status);
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 202: return "Accepted";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 409: return "Conflict";
            case 413: return "Content Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status " + status;
        }
    }
}
