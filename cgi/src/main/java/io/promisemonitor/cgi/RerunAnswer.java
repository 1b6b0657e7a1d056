package io.promisemonitor.cgi;

import io.promisemonitor.core.io.XmlText;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.publish.UrlLayout;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One answer to a rerun request: status, headers and a JSON body, or {@link #asPage as a page} for a browser
 * without the script; the web adapter and the CGI script send it.
 */
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

    /**
     * Whether the request came from the dashboard's Rerun button in a browser without the script: a form POST
     * (its content type says so) or a client that asks for HTML and not JSON. The script's own POST asks for JSON.
     */
    public static boolean wantsPage(String accept, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            return true;
        }
        String accepted = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        return accepted.contains("text/html") && !accepted.contains("json");
    }

    /** This answer for a client: a small HTML page when {@link #wantsPage} says so, else as it is. */
    public RerunAnswer forClient(String accept, String contentType) {
        return wantsPage(accept, contentType) ? asPage() : this;
    }

    /**
     * The same answer as a small HTML page that says what happened and links back to the dashboard: the status
     * and the other headers stay, so a script reading the status still can. Links are relative to the CGI's URL
     * ({@code cgi-bin/}), as every link of the dashboard is to its page.
     */
    public RerunAnswer asPage() {
        Map<String, Object> json;
        try {
            json = Json.readObject(body);
        } catch (Json.Invalid e) {
            json = Map.of();
        }
        String service = text(json, "service", text(json, "id", ""));
        String happened;
        if (status == 202) {
            happened = "The run is queued: its result will show on the dashboard within moments."
                    + (Json.text(json, "message") != null ? " (" + Json.text(json, "message") + ")" : "");
        } else if (status == 200) {
            happened = "Done: " + text(json, "status", "?") + " (" + text(json, "message", "") + ")";
        } else if (status == 409) {
            happened = "Not run again: " + text(json, "error", "already running") + ".";
        } else {
            happened = "Not run: " + text(json, "error", "HTTP " + status) + " (HTTP " + status + ")";
        }
        String back = "../index.html" + (service.isEmpty() ? "" : "#s-" + UrlLayout.segment(service));
        String title = service.isEmpty() ? "Rerun" : "Rerun of " + service;
        StringBuilder page = new StringBuilder(512)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(XmlText.escape(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"../monitor.css\">\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(XmlText.escape(title)).append("</h1>\n")
                .append("<p id=\"rerun-answer\">").append(XmlText.escape(happened)).append("</p>\n")
                .append("<p><a id=\"back\" href=\"").append(XmlText.escape(back))
                .append("\">Back to the dashboard</a></p>\n</main>\n</body>\n</html>\n");
        Map<String, String> pageHeaders = new LinkedHashMap<>(headers);
        pageHeaders.put("Content-Type", "text/html; charset=utf-8");
        return new RerunAnswer(status, pageHeaders, page.toString());
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
            case 201: return "Created";
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

    /** A string field as it came; a missing one, or another value, is {@code fallback}. */
    private static String text(Map<String, Object> json, String key, String fallback) {
        String text = Json.text(json, key);
        return text == null ? fallback : text;
    }
}
