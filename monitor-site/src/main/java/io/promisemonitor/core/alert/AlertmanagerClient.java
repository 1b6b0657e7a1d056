package io.promisemonitor.core.alert;

import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.publish.UrlLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts alerts to every member of an Alertmanager cluster ({@code POST /api/v2/alerts}): Alertmanager expects each
 * member to be told, never a load balancer in front of them. Each post has a short time limit, so an unreachable
 * member costs seconds, not a stuck thread.
 */
public final class AlertmanagerClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final List<URI> members;
    private final HttpClient http;

    public AlertmanagerClient(List<URI> members) {
        this.members = List.copyOf(members);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    public List<URI> members() {
        return members;
    }

    /** The alerts endpoint of a member given by its base URL. */
    static URI alertsEndpoint(URI member) {
        return URI.create(UrlLayout.withTrailingSlash(member)).resolve("api/v2/alerts");
    }

    /** Posts {@code alerts} to every member; returns, per member that did not take them, why. */
    public Map<URI, String> post(List<Alert> alerts) {
        byte[] body = json(alerts).getBytes(StandardCharsets.UTF_8);
        Map<URI, String> failed = new LinkedHashMap<>();
        for (URI member : members) {
            URI endpoint = alertsEndpoint(member);
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 != 2) {
                    String text = answer.body().strip();
                    failed.put(member, "HTTP " + answer.statusCode() + (text.isEmpty() ? ""
                            : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
                }
            } catch (IOException e) {
                failed.put(member, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                        + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.put(member, "interrupted");
                break;
            }
        }
        return failed;
    }

    /** Alertmanager's postable alerts: labels, annotations, startsAt, endsAt and generatorURL when known. */
    static String json(List<Alert> alerts) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Alert a : alerts) {
            list.add(fields(a));
        }
        return Json.write(list);
    }

    /** One alert's fields as Alertmanager takes them (and as the loop keeps them between rounds). */
    static Map<String, Object> fields(Alert a) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("labels", a.labels());
        one.put("annotations", a.annotations());
        one.put("startsAt", a.startsAt().toString());
        one.put("endsAt", a.endsAt().toString());
        a.generatorUrl().ifPresent(u -> one.put("generatorURL", u.toString()));
        return one;
    }
}
