package io.promisemonitor.core.render;

import java.util.List;

/**
 * One service as a row of the index ({@code row.html.hbs}) and as its own page's {@code service} see it. A null
 * component is absent from the model. {@code startAgo}, {@code sinceAgo}, {@code uptime24} and {@code uptime7} are
 * text, or in a row kept as a stencil, {@link Stencil.Slot slots} the renderer fills with the values of now.
 *
 * @param stale {@code true} when the last result is too old (STALE), else absent
 * @param rowClass {@code " in-maintenance"} or {@code " blocked"}, appended to the row's classes
 * @param blockingText on a failing dependency's row: the services it blocks
 * @param strip the last runs, groups of like runs (see {@link StripGroup})
 * @param stripRuns each run's start, compressed: the first in epoch seconds, then the seconds since the one before
 *     ({@code 60*19} for nineteen times 60)
 */
public record RowModel(String id, String anchor, String title, String pageHref, String feedHref, String statusHref,
        String historyHref, String publicHref, String privateHref, String interfaceHref, String rerunHref,
        String schedule, String timeout, String status, String cls, String message, String details, String startIso,
        String startText, Object startAgo, String execText, String sinceIso, String sinceText, Object sinceAgo,
        String sinceLabel, Long staleAfterMs, Boolean stale, String staleText, String rowClass,
        String maintenanceText, String blockedText, String attemptText, String flappingText, String blockingText,
        List<PerfModel> perfdata,
        List<StripGroup> strip, String stripRuns, String stripLabel, Object uptime24, Object uptime7)
        implements TemplateModel {

    @Override
    public Object component(int i) {
        return switch (i) {
            case 0 -> id;
            case 1 -> anchor;
            case 2 -> title;
            case 3 -> pageHref;
            case 4 -> feedHref;
            case 5 -> statusHref;
            case 6 -> historyHref;
            case 7 -> publicHref;
            case 8 -> privateHref;
            case 9 -> interfaceHref;
            case 10 -> rerunHref;
            case 11 -> schedule;
            case 12 -> timeout;
            case 13 -> status;
            case 14 -> cls;
            case 15 -> message;
            case 16 -> details;
            case 17 -> startIso;
            case 18 -> startText;
            case 19 -> startAgo;
            case 20 -> execText;
            case 21 -> sinceIso;
            case 22 -> sinceText;
            case 23 -> sinceAgo;
            case 24 -> sinceLabel;
            case 25 -> staleAfterMs;
            case 26 -> stale;
            case 27 -> staleText;
            case 28 -> rowClass;
            case 29 -> maintenanceText;
            case 30 -> blockedText;
            case 31 -> attemptText;
            case 32 -> flappingText;
            case 33 -> blockingText;
            case 34 -> perfdata;
            case 35 -> strip;
            case 36 -> stripRuns;
            case 37 -> stripLabel;
            case 38 -> uptime24;
            case 39 -> uptime7;
            default -> throw new IndexOutOfBoundsException("component " + i + " of 40");
        };
    }

    /** One perfdata value of the last result. */
    public record PerfModel(String label, String value, String warn, String crit, String min, String max,
            String text) implements TemplateModel {
        @Override
        public Object component(int i) {
            return switch (i) {
                case 0 -> label;
                case 1 -> value;
                case 2 -> warn;
                case 3 -> crit;
                case 4 -> min;
                case 5 -> max;
                case 6 -> text;
                default -> throw new IndexOutOfBoundsException("component " + i + " of 7");
            };
        }
    }

    /**
     * Consecutive runs with the same status and message: their class, one hover text, and their cells (raw HTML, so
     * that a template does not loop over hundreds of empty items).
     */
    public record StripGroup(String cls, String tip, String cells) implements TemplateModel {
        @Override
        public Object component(int i) {
            return switch (i) {
                case 0 -> cls;
                case 1 -> tip;
                case 2 -> cells;
                default -> throw new IndexOutOfBoundsException("component " + i + " of 3");
            };
        }
    }
}
