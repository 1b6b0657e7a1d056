package io.promisemonitor.core.status;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.io.PrettyJson;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes status.json. Key order is fixed by hand (not bean mapping) so that the same status
 * always gives the same bytes, which is what lets an unchanged file stay unwritten. Output is pretty-printed
 * with two spaces: the files are small and people read them with {@code cat}.
 */
final class StatusJson {

    /** {@code 2026-11-21T19:42:00+00:00}: an offset even for UTC, since some readers choke on {@code Z}. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private StatusJson() {
    }

    /** Reads and writes a status once, for {@link StatusStore#warmUp}. */
    static void warmUp() {
        OffsetDateTime at = Instant.EPOCH.atOffset(ZoneOffset.UTC);
        if (read(write(ServiceStatus.builder("warm-up").result(PromiseResult.ok("fine")).startDate(at).changeDate(at)
                .executionTime(Duration.ZERO).build())).isEmpty()) {
            throw new IllegalStateException("a status written cannot be read back");
        }
    }

    static String write(ServiceStatus s) {
        // Streamed rather than built as a tree: this runs after every run, and the tree was most of its cost.
        return PrettyJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("id", s.id());
            json.writeStringField("title", s.title());
            json.writeStringField("status", s.status().name());
            json.writeStringField("message", s.message());
            if (s.details() != null) {
                json.writeStringField("details", s.details());
            }
            writeIfPresent(json, "description", s.description());
            writeIfPresent(json, "error", s.error());
            writeQuieting(json, s.quieting());
            json.writeStringField("start-date", DATE.format(s.startDate()));
            json.writeStringField("change-date", DATE.format(s.changeDate()));
            json.writeNumberField("change-time", s.changeDate().toEpochSecond());
            if (s.validUntil() != null) {
                json.writeStringField("valid-until", DATE.format(s.validUntil()));
            }
            json.writeNumberField("execution-time", BigDecimal.valueOf(s.executionTime().toMillis(), 3));
            if (s.returncode() == null) {
                json.writeNullField("returncode");
            } else {
                json.writeNumberField("returncode", s.returncode().intValue());
            }
            json.writeArrayFieldStart("perfdata");
            for (Perfdata p : s.perfdata()) {
                json.writeStartObject();
                json.writeStringField("label", p.label());
                if (Double.isFinite(p.value())) {
                    json.writeNumberField("value", p.value());
                } else {
                    json.writeNullField("value"); // JSON has no NaN or Infinity
                }
                json.writeStringField("unit", p.unit());
                writeIfPresent(json, "warn", p.warn());
                writeIfPresent(json, "crit", p.crit());
                writeIfPresent(json, "min", p.min());
                writeIfPresent(json, "max", p.max());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("_links");
            for (Map.Entry<String, String> link : s.links().entrySet()) {
                json.writeObjectFieldStart(link.getKey());
                json.writeStringField("href", link.getValue());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** Only what holds: a status file without silence, dependency or attempt looks as it always did. */
    private static void writeQuieting(JsonGenerator json, Quieting q) throws IOException {
        if (q.silencedUntil() != null) {
            json.writeStringField("silenced-until", DATE.format(q.silencedUntil()));
            writeIfPresent(json, "silence-reason", q.silenceReason());
            if (q.statusBeforeSilence() != null) {
                json.writeStringField("status-before-silence", q.statusBeforeSilence().name());
            }
        }
        if (q.blocked()) {
            json.writeArrayFieldStart("blocked-by");
            for (String dependency : q.blockedBy()) {
                json.writeString(dependency);
            }
            json.writeEndArray();
        }
        if (q.attempt() != null) {
            json.writeStringField("attempt", q.attempt());
            json.writeStringField("attempt-status", q.attemptStatus().name());
        }
        if (q.flapping()) {
            json.writeBooleanField("flapping", true);
        }
    }

    private static Quieting readQuieting(JsonNode root) {
        String until = optionalText(root, "silenced-until");
        List<String> blockedBy = new ArrayList<>();
        JsonNode blocked = root.get("blocked-by");
        if (blocked != null && blocked.isArray()) {
            for (JsonNode name : blocked) {
                if (name.isTextual()) {
                    blockedBy.add(name.textValue());
                }
            }
        }
        String before = optionalText(root, "status-before-silence");
        String attemptStatus = optionalText(root, "attempt-status");
        JsonNode flapping = root.get("flapping");
        Quieting q = new Quieting(until == null ? null : OffsetDateTime.parse(until,
                DateTimeFormatter.ISO_OFFSET_DATE_TIME), optionalText(root, "silence-reason"),
                before == null ? null : Status.valueOf(before), blockedBy, optionalText(root, "attempt"),
                attemptStatus == null ? null : Status.valueOf(attemptStatus),
                flapping != null && flapping.asBoolean(false));
        return q.equals(Quieting.NONE) ? Quieting.NONE : q;
    }

    private static void writeIfPresent(JsonGenerator json, String key, String value) throws IOException {
        if (value != null) {
            json.writeStringField(key, value);
        }
    }

    /** The status in {@code text}, or empty when it is not a status file this monitor could have written. */
    static Optional<ServiceStatus> read(String text) {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            ServiceStatus.Builder b = ServiceStatus.builder(requiredText(root, "id"))
                    .title(optionalText(root, "title"))
                    .status(Status.valueOf(requiredText(root, "status")))
                    .message(requiredText(root, "message"))
                    .details(optionalText(root, "details"))
                    .slapOsFields(optionalText(root, "description"), optionalText(root, "error"))
                    .startDate(OffsetDateTime.parse(requiredText(root, "start-date"), DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                    .changeDate(changeDate(root))
                    .quieting(readQuieting(root));
            String validUntil = optionalText(root, "valid-until");
            if (validUntil != null) {
                b.validUntil(OffsetDateTime.parse(validUntil, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
            JsonNode time = root.get("execution-time");
            if (time != null && time.isNumber()) {
                b.executionTime(Duration.ofMillis(time.decimalValue().movePointRight(3).longValue()));
            }
            JsonNode code = root.get("returncode");
            if (code != null && code.isInt()) {
                b.returncode(code.intValue());
            }
            b.perfdata(perfdata(root.get("perfdata")));
            JsonNode links = root.get("_links");
            if (links != null && links.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = links.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> link = it.next();
                    JsonNode href = link.getValue().get("href");
                    if (href != null && href.isTextual()) {
                        b.link(link.getKey(), href.textValue());
                    }
                }
            }
            return Optional.of(b.build());
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static OffsetDateTime changeDate(JsonNode root) {
        String date = optionalText(root, "change-date");
        if (date != null) {
            return OffsetDateTime.parse(date, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        // SlapOS files written before change-date existed only carry the epoch seconds.
        JsonNode time = root.get("change-time");
        if (time != null && time.canConvertToLong()) {
            return OffsetDateTime.ofInstant(Instant.ofEpochSecond(time.longValue()), ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("change-date: missing");
    }

    private static List<Perfdata> perfdata(JsonNode array) {
        List<Perfdata> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode item : array) {
            String label = optionalText(item, "label");
            if (label == null) {
                continue;
            }
            JsonNode value = item.get("value");
            out.add(new Perfdata(label, value != null && value.isNumber() ? value.doubleValue() : Double.NaN,
                    optionalText(item, "unit"), optionalText(item, "warn"), optionalText(item, "crit"),
                    optionalText(item, "min"), optionalText(item, "max")));
        }
        return out;
    }

    private static String requiredText(JsonNode node, String key) {
        String value = optionalText(node, key);
        if (value == null) {
            throw new IllegalArgumentException(key + ": missing");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
