package io.promisemonitor.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Builds {@link Schedule}s; cron-utils types never leave this class. */
public final class Schedules {

    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final CronParser PARSER = new CronParser(UNIX);

    private static final Map<String, String> SHORTCUTS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final String[] FIELD_NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] FIELD_RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    /**
     * Schedules are immutable and instances share few expressions, while cron-utils is slow to answer "when
     * next": one instance per expression lets its answers be measured once (see longestPeriod).
     */
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Schedule> CACHE = new ConcurrentHashMap<>();

    private Schedules() {
    }

    /**
     * A 5-field cron expression ({@code minute hour day-of-month month day-of-week}) or a shortcut such as
     * {@code @hourly}. Throws {@link IllegalArgumentException} quoting the expression and what is wrong.
     */
    public static Schedule cron(String expression) {
        String text = expression.strip().replaceAll("\\s+", " ");
        Schedule known = CACHE.get(text);
        if (known != null) {
            return known;
        }
        Schedule parsed = parse(expression, text);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(text, parsed);
        }
        return parsed;
    }

    private static Schedule parse(String expression, String text) {
        String cronText = text;
        if (text.startsWith("@")) {
            cronText = SHORTCUTS.get(text.toLowerCase(Locale.ROOT));
            if (cronText == null) {
                throw new IllegalArgumentException("'" + expression + "' is not a known shortcut; allowed: "
                        + "@hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually");
            }
        } else {
            checkFields(expression, text);
        }
        Cron cron;
        try {
            cron = PARSER.parse(cronText);
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression ("
                    + e.getMessage() + "); allowed: 5 fields, minute hour day-of-month month day-of-week, such as"
                    + " */5 * * * *, or @hourly");
        }
        return new CronSchedule(text, ExecutionTime.forCron(cron));
    }

    /** Range checks with plain messages: {@code minute must be 0-59}. cron-utils checks the rest. */
    private static void checkFields(String original, String text) {
        String[] fields = text.split(" ");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + original + "' has " + fields.length + " field"
                    + (fields.length == 1 ? "" : "s") + "; allowed: 5 fields, minute hour day-of-month month"
                    + " day-of-week, such as */5 * * * *, or @hourly");
        }
        for (int i = 0; i < 5; i++) {
            for (String number : fields[i].split("[^0-9]+")) {
                if (number.isEmpty()) {
                    continue;
                }
                long value = number.length() > 9 ? Long.MAX_VALUE : Long.parseLong(number);
                boolean isStep = fields[i].contains("/" + number);
                int max = isStep ? FIELD_RANGES[i][1] + (i == 0 ? 0 : 1) : FIELD_RANGES[i][1];
                int min = isStep ? 1 : FIELD_RANGES[i][0];
                if (value < min || value > max) {
                    throw new IllegalArgumentException("'" + original + "': " + FIELD_NAMES[i] + " must be "
                            + FIELD_RANGES[i][0] + "-" + FIELD_RANGES[i][1] + (isStep ? " (step " + number + ")"
                            : " (got " + number + ")"));
                }
            }
        }
    }

    private static final class CronSchedule implements Schedule {
        private final String expression;
        private final ExecutionTime executionTime;
        private volatile Duration longestPeriod;

        CronSchedule(String expression, ExecutionTime executionTime) {
            this.expression = expression;
            this.executionTime = executionTime;
        }

        /** The last question and answer: many services share a schedule and ask within the same minute. */
        private volatile ZonedDateTime[] lastAnswer;

        @Override
        public ZonedDateTime next(ZonedDateTime after) {
            // Cron fires on whole minutes, so every instant of a minute has the same next firing.
            ZonedDateTime minute = after.truncatedTo(ChronoUnit.MINUTES);
            ZonedDateTime[] last = lastAnswer;
            if (last != null && last[0].equals(minute)) {
                return last[1];
            }
            Optional<ZonedDateTime> next = executionTime.nextExecution(minute);
            // A valid expression that can never fire again (30 February) must not spin the scheduler.
            ZonedDateTime answer = next.orElse(minute.plusYears(100));
            lastAnswer = new ZonedDateTime[] {minute, answer};
            return answer;
        }

        @Override
        public Duration longestPeriod() {
            Duration known = longestPeriod;
            if (known == null) {
                known = measureLongestPeriod();
                longestPeriod = known;
            }
            return known;
        }

        /** Samples a year of firings (at most 600) from a fixed date so the answer is the same every time. */
        private Duration measureLongestPeriod() {
            ZonedDateTime t = ZonedDateTime.parse("2025-01-01T00:00:00Z");
            ZonedDateTime end = t.plusYears(1);
            ZonedDateTime previous = next(t);
            Duration longest = Duration.ZERO;
            for (int i = 0; i < 600 && previous.isBefore(end); i++) {
                ZonedDateTime following = next(previous);
                Duration gap = Duration.between(previous, following);
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                }
                previous = following;
            }
            return longest.isZero() ? Duration.ofMinutes(1) : longest;
        }

        @Override
        public String expression() {
            return expression;
        }

        @Override
        public String toString() {
            return expression;
        }
    }
}
