package io.promisemonitor.core.render;

import java.util.List;

/** What the index ({@code index.html.hbs}) and a service's page ({@code service.html.hbs}) read. */
public final class PageModel {

    private PageModel() {
    }

    /**
     * The index without its rows (the renderer adds {@code rowsHtml}, the rows' HTML in order).
     *
     * @param executorDown set when the executor's heartbeat is old: "executor not running since ..."
     * @param related the other monitors of {@code monitor-url-list}, each with a trailing slash
     * @param reportsHref {@code reports/index.html} once an availability report exists
     * @param staticRows how many rows, from the first, the page lists itself (bad ones first)
     * @param drawnRows how many more monitor.js draws from rows.json; absent when the page lists every row
     */
    public record Index(String title, String root, long refreshSeconds, long heartbeatOldAfterSeconds,
            List<String> alerts, String feedHref, String renderedIso, String renderedText, String heartbeatIso,
            String executorDown, List<Count> counts, int total, List<String> related, String reportsHref,
            int staticRows, Integer drawnRows) implements TemplateModel {
    }

    /** How many services have {@code status} ({@code cls} is its CSS class). */
    public record Count(String status, String cls, int n) implements TemplateModel {
    }

    /**
     * A service's own page: its row with a longer strip and no relative times, and its events, newest first.
     *
     * @param uptimeRule how the uptimes were counted (not observed time, {@code report-unknown-as})
     */
    public record Service(String title, String root, long refreshSeconds, long heartbeatOldAfterSeconds,
            List<String> alerts, String feedHref, RowModel service, String serviceFeedHref, List<Event> events,
            String uptimeRule) implements TemplateModel {
        @Override
        public Object component(int i) {
            return switch (i) {
                case 0 -> title;
                case 1 -> root;
                case 2 -> refreshSeconds;
                case 3 -> heartbeatOldAfterSeconds;
                case 4 -> alerts;
                case 5 -> feedHref;
                case 6 -> service;
                case 7 -> serviceFeedHref;
                case 8 -> events;
                case 9 -> uptimeRule;
                default -> throw new IndexOutOfBoundsException("component " + i + " of 10");
            };
        }
    }

    /** A status change or watchdog action on a service's page; {@code anchor} is {@code e-<id>}. */
    public record Event(String anchor, String headline, String kind, String cls, String status, String previous,
            String message, String iso, String text) implements TemplateModel {
        @Override
        public Object component(int i) {
            return switch (i) {
                case 0 -> anchor;
                case 1 -> headline;
                case 2 -> kind;
                case 3 -> cls;
                case 4 -> status;
                case 5 -> previous;
                case 6 -> message;
                case 7 -> iso;
                case 8 -> text;
                default -> throw new IndexOutOfBoundsException("component " + i + " of 9");
            };
        }
    }
}
