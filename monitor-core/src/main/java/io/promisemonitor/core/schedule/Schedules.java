package io.promisemonitor.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** How far from a daylight-saving change its effect on local times is looked for (changes are at most hours). */
    private static final Duration CHANGE_WINDOW = Duration.ofDays(1);

    /**
     * Schedules are immutable and instances share few expressions, while measuring the longest period walks 400
     * years of days: one instance per expression measures it once.
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
        CronFields fields;
        try {
            Cron cron = PARSER.parse(cronText);
            cron.validate();
            fields = CronFields.parse(cronText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression ("
                    + e.getMessage() + "); allowed: 5 fields, minute hour day-of-month month day-of-week, such as"
                    + " */5 * * * *, or @hourly");
        }
        // Measured now, over a whole 400-year cycle: an expression that never fires is refused here, where the
        // file and line are known, instead of leaving a service that silently never runs.
        Duration longest = fields.longestGap();
        if (longest == null) {
            throw new IllegalArgumentException("'" + expression + "' never fires: no date has that day of the"
                    + " month in that month (and day of the week); allowed: a date that exists, such as 0 0 28 2 *");
        }
        return new CronSchedule(text, fields, longest);
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
        private final CronFields fields;
        private final Duration longestPeriod;

        CronSchedule(String expression, CronFields fields, Duration longestPeriod) {
            this.expression = expression;
            this.fields = fields;
            this.longestPeriod = longestPeriod;
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
            ZonedDateTime answer = nextIn(minute);
            lastAnswer = new ZonedDateTime[] {minute, answer};
            return answer;
        }

        /**
         * Local firings mapped to instants with cron's daylight-saving rule. A fixed-time job whose local time
         * is skipped runs at the change; one whose local time comes twice runs the first time. Other jobs follow
         * the clock: none in a skipped hour, both passes of a repeated one. Near a change the search starts from
         * the earliest local time {@code after} may have, so the second pass of a repeated hour is not missed.
         */
        private ZonedDateTime nextIn(ZonedDateTime after) {
            ZoneId zone = after.getZone();
            ZoneRules rules = zone.getRules();
            Instant afterInstant = after.toInstant();
            ZoneOffset lowest = rules.getOffset(afterInstant);
            for (Instant near : new Instant[] {afterInstant.minus(CHANGE_WINDOW), afterInstant.plus(CHANGE_WINDOW)}) {
                ZoneOffset o = rules.getOffset(near);
                if (o.getTotalSeconds() < lowest.getTotalSeconds()) {
                    lowest = o;
                }
            }
            LocalDateTime local = LocalDateTime.ofInstant(afterInstant, lowest);
            Instant best = null;
            while (true) {
                local = fields.nextLocal(local);
                if (local == null) {
                    break;
                }
                List<ZoneOffset> offsets = rules.getValidOffsets(local);
                Instant earliest;
                if (offsets.isEmpty()) {
                    earliest = rules.getTransition(local).getInstant();
                    if (fields.fixedTime() && earliest.isAfter(afterInstant)) {
                        best = min(best, earliest);
                    }
                } else {
                    earliest = null;
                    for (ZoneOffset o : offsets) {
                        Instant at = local.toInstant(o);
                        earliest = min(earliest, at);
                    }
                    for (ZoneOffset o : offsets) {
                        Instant at = local.toInstant(o);
                        boolean secondPass = !at.equals(earliest);
                        if (at.isAfter(afterInstant) && !(secondPass && fields.fixedTime())) {
                            best = min(best, at);
                        }
                    }
                }
                // Later local times never map to earlier instants than this one's earliest.
                if (best != null && !earliest.isBefore(best)) {
                    break;
                }
            }
            // A valid expression that can never fire again must not spin the scheduler (validation refuses it).
            return best == null ? after.plusYears(100) : ZonedDateTime.ofInstant(best, zone);
        }

        private static Instant min(Instant a, Instant b) {
            return a == null || b.isBefore(a) ? b : a;
        }

        @Override
        public Duration longestPeriod() {
            return longestPeriod;
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
