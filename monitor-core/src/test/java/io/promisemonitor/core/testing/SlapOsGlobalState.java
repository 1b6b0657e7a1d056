package io.promisemonitor.core.testing;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts OK and ERROR in a public folder exactly as SlapOS's {@code slapos/monitor/globalstate.py} of early 2018 does
 * (slapos.toolbox commit 572e915d76e246df79d88d259613bc9037afccf1, released in 0.74), so tests can check that what
 * this monitor publishes gives SlapOS's script the same numbers as {@code monitor status}. That script is Python 2;
 * this is its reading, field by field:
 *
 * <ul>
 *   <li>files: {@code glob("<public>/*.status.json")} filtered by {@code os.path.isfile}: only the top of the folder,
 *       no name starting with a dot, symbolic links to files included;</li>
 *   <li>a file that is not JSON ({@code ValueError}, which includes empty files, trailing data and bad UTF-8) is
 *       skipped;</li>
 *   <li>{@code status} exactly {@code "ERROR"} counts as an error, exactly {@code "OK"} as a success; any other value
 *       ({@code "error"}, {@code "WARNING"}, {@code null}) counts as neither;</li>
 *   <li>every other failure stops the whole script, so it writes nothing: a JSON value that is not an object, a
 *       missing {@code status}, {@code title} or {@code change-time}, a {@code change-time} that is not a number
 *       (it goes through {@code datetime.utcfromtimestamp}) or out of its range. {@link #read} then throws
 *       {@link IllegalStateException} saying what the script would have died of.</li>
 * </ul>
 *
 * <pre>{@code
 * SlapOsGlobalState.Result state = SlapOsGlobalState.read(instance.resolve("srv/monitor/public"));
 * assertThat(state.error()).isEqualTo(2);
 * assertThat(state.status()).isEqualTo("ERROR");
 * }</pre>
 */
public final class SlapOsGlobalState {

    private static final String SUFFIX = ".status.json";
    // datetime.utcfromtimestamp accepts years 1 to 9999 only
    private static final double MIN_TIME = -62135596800.0;
    private static final double MAX_TIME = 253402300800.0;
    // Python's json.loads refuses trailing data and accepts NaN and Infinity.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** One RSS item the script makes: category = status, title {@code [status] title}, pubDate from change-time. */
    public record Item(String file, String status, String title, String message, double changeTime) {
    }

    /**
     * What the script writes into {@code monitor.global.json}: {@code status} ({@code ERROR} when any error, else
     * {@code OK}) and {@code state: {error, success}}; {@code items} are the feed's, in file name order.
     */
    public record Result(String status, int error, int success, List<Item> items) {
    }

    private SlapOsGlobalState() {
    }

    public static Result read(Path publicFolder) {
        int error = 0;
        int success = 0;
        List<Item> items = new ArrayList<>();
        for (Path file : statusFiles(publicFolder)) {
            String name = file.getFileName().toString();
            JsonNode json;
            try {
                json = JSON.readTree(Files.readAllBytes(file));
            } catch (JsonProcessingException notJson) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (json == null || json.isMissingNode()) {
                continue;
            }
            if (!json.isObject()) {
                throw stop(name, "TypeError: the file holds a JSON " + json.getNodeType().toString().toLowerCase()
                        + ", not an object");
            }
            String status = text(json, name, "status");
            if ("ERROR".equals(status)) {
                error++;
            } else if ("OK".equals(status)) {
                success++;
            }
            JsonNode changeTime = json.get("change-time");
            if (changeTime == null) {
                throw stop(name, "KeyError: 'change-time'");
            }
            double seconds;
            if (changeTime.isNumber()) {
                seconds = changeTime.asDouble();
            } else if (changeTime.isBoolean()) {
                seconds = changeTime.asBoolean() ? 1 : 0;
            } else {
                throw stop(name, "TypeError: change-time is " + changeTime + ", utcfromtimestamp needs a number");
            }
            if (!(seconds >= MIN_TIME && seconds < MAX_TIME)) {
                throw stop(name, "ValueError: change-time " + changeTime + " is out of utcfromtimestamp's range");
            }
            String title = text(json, name, "title");
            JsonNode message = json.get("message");
            items.add(new Item(name, status, title, message == null ? "" : pythonStr(message), seconds));
        }
        return new Result(error > 0 ? "ERROR" : "OK", error, success, List.copyOf(items));
    }

    private static List<Path> statusFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(SUFFIX) && !name.startsWith(".") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode json, String file, String key) {
        JsonNode value = json.get(key);
        if (value == null) {
            throw stop(file, "KeyError: '" + key + "'");
        }
        return pythonStr(value);
    }

    // What '%s' gives for a decoded JSON value, close enough for strings, numbers and null.
    private static String pythonStr(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNull()) {
            return "None";
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        return value.toString();
    }

    private static IllegalStateException stop(String file, String why) {
        return new IllegalStateException("globalstate.py would stop on " + file + " (" + why
                + ") and write no monitor.global.json");
    }
}
