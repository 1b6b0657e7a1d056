package io.promisemonitor.core.status;

import io.promisemonitor.core.io.IsoTimes;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
        return Json.write(json -> {
            json.startObject()
                    .field("id", s.id())
                    .field("title", s.title())
                    .field("status", s.status().name())
                    .field("message", s.message())
                    .fieldIfPresent("details", s.details())
                    .fieldIfPresent("description", s.description())
                    .fieldIfPresent("error", s.error());
            writeQuieting(json, s.quieting());
            json.field("start-date", IsoTimes.format(s.startDate()))
                    .field("change-date", IsoTimes.format(s.changeDate()))
                    .field("change-time", s.changeDate().toEpochSecond());
            if (s.validUntil() != null) {
                json.field("valid-until", IsoTimes.format(s.validUntil()));
            }
            json.field("execution-time", BigDecimal.valueOf(s.executionTime().toMillis(), 3));
            if (s.returncode() == null) {
                json.nullField("returncode");
            } else {
                json.field("returncode", s.returncode().intValue());
            }
            json.startArray("perfdata");
            for (Perfdata p : s.perfdata()) {
                json.startObject()
                        .field("label", p.label())
                        .field("value", p.value()) // null for NaN or Infinity, which JSON has not
                        .field("unit", p.unit())
                        .fieldIfPresent("warn", p.warn())
                        .fieldIfPresent("crit", p.crit())
                        .fieldIfPresent("min", p.min())
                        .fieldIfPresent("max", p.max())
                        .endObject();
            }
            json.endArray().startObject("_links");
            for (Map.Entry<String, String> link : s.links().entrySet()) {
                json.startObject(link.getKey()).field("href", link.getValue()).endObject();
            }
            json.endObject().endObject();
        });
    }

    /** Only what holds: a status file without silence, dependency or attempt looks as it always did. */
    private static void writeQuieting(Json.Writer json, Quieting q) {
        if (q.silencedUntil() != null) {
            json.field("silenced-until", IsoTimes.format(q.silencedUntil()))
                    .fieldIfPresent("silence-reason", q.silenceReason());
            if (q.statusBeforeSilence() != null) {
                json.field("status-before-silence", q.statusBeforeSilence().name());
            }
        }
        if (q.blocked()) {
            json.startArray("blocked-by");
            for (String dependency : q.blockedBy()) {
                json.value(dependency);
            }
            json.endArray();
        }
        if (q.attempt() != null) {
            json.field("attempt", q.attempt()).field("attempt-status", q.attemptStatus().name());
        }
        if (q.flapping()) {
            json.field("flapping", true);
        }
    }

    private static Quieting readQuieting(Map<String, Object> root) {
        String until = Json.text(root, "silenced-until");
        List<String> blockedBy = new ArrayList<>();
        for (Object name : Json.asArray(root.get("blocked-by"))) {
            if (name instanceof String text) {
                blockedBy.add(text);
            }
        }
        String before = Json.text(root, "status-before-silence");
        String attemptStatus = Json.text(root, "attempt-status");
        Quieting q = new Quieting(until == null ? null : IsoTimes.offsetDateTime(until),
                Json.text(root, "silence-reason"),
                before == null ? null : Status.valueOf(before), blockedBy, Json.text(root, "attempt"),
                attemptStatus == null ? null : Status.valueOf(attemptStatus),
                Boolean.TRUE.equals(root.get("flapping")));
        return q.isNone() ? Quieting.NONE : q;
    }

    /** The status in {@code text}, or empty when it is not a status file this monitor could have written. */
    static Optional<ServiceStatus> read(String text) {
        try {
            Map<String, Object> root = Json.readObject(text);
            ServiceStatus.Builder b = ServiceStatus.builder(requiredText(root, "id"))
                    .title(Json.text(root, "title"))
                    .status(Status.valueOf(requiredText(root, "status")))
                    .message(requiredText(root, "message"))
                    .details(Json.text(root, "details"))
                    .slapOsFields(Json.text(root, "description"), Json.text(root, "error"))
                    .startDate(IsoTimes.offsetDateTime(requiredText(root, "start-date")))
                    .changeDate(changeDate(root))
                    .quieting(readQuieting(root));
            String validUntil = Json.text(root, "valid-until");
            if (validUntil != null) {
                b.validUntil(IsoTimes.offsetDateTime(validUntil));
            }
            if (root.get("execution-time") instanceof Number time) {
                b.executionTime(Duration.ofMillis(decimal(time).movePointRight(3).longValue()));
            }
            if (root.get("returncode") instanceof Integer code) {
                b.returncode(code);
            }
            b.perfdata(perfdata(root.get("perfdata")));
            Map<String, Object> links = Json.asObject(root.get("_links"));
            if (links != null) {
                for (Map.Entry<String, Object> link : links.entrySet()) {
                    String href = Json.text(Json.asObject(link.getValue()), "href");
                    if (href != null) {
                        b.link(link.getKey(), href);
                    }
                }
            }
            return Optional.of(b.build());
        } catch (Json.Invalid | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : n instanceof BigInteger i ? new BigDecimal(i) : BigDecimal.valueOf(
                n.longValue());
    }

    private static OffsetDateTime changeDate(Map<String, Object> root) {
        String date = Json.text(root, "change-date");
        if (date != null) {
            return IsoTimes.offsetDateTime(date);
        }
        // SlapOS files written before change-date existed only carry the epoch seconds.
        if (root.get("change-time") instanceof Number time && fitsLong(time)) {
            return OffsetDateTime.ofInstant(Instant.ofEpochSecond(time.longValue()), ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("change-date: missing");
    }

    /** As Jackson's canConvertToLong: an integer in range, or a number with a fraction (cut). */
    private static boolean fitsLong(Number n) {
        BigDecimal d = decimal(n);
        return d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0 && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    private static List<Perfdata> perfdata(Object array) {
        List<Perfdata> out = new ArrayList<>();
        for (Object element : Json.asArray(array)) {
            Map<String, Object> item = Json.asObject(element);
            String label = Json.text(item, "label");
            if (label == null) {
                continue;
            }
            out.add(new Perfdata(label, item.get("value") instanceof Number value ? value.doubleValue() : Double.NaN,
                    Json.text(item, "unit"), Json.text(item, "warn"), Json.text(item, "crit"),
                    Json.text(item, "min"), Json.text(item, "max")));
        }
        return out;
    }

    private static String requiredText(Map<String, Object> node, String key) {
        String value = Json.text(node, key);
        if (value == null) {
            throw new IllegalArgumentException(key + ": missing");
        }
        return value;
    }
}
