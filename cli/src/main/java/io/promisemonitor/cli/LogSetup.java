package io.promisemonitor.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per event on standard error: {@code 2026-11-21 10:00:01 INFO disk: OK in 0.02s: ...}. Public for the
 * benchmarks, which time the executor with the logging the commands use.
 */
public final class LogSetup {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

    private LogSetup() {
    }

    public static void configure(boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // Not ConsoleHandler: replacing a StreamHandler's stream closes the old one, System.err included.
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    System.err.print(getFormatter().format(record));
                    System.err.flush();
                }
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {
                // System.err belongs to the process
            }
        };
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                StringBuilder line = new StringBuilder()
                        .append(time(r.getMillis())).append(' ')
                        .append(level(r.getLevel())).append(' ').append(formatMessage(r)).append('\n');
                if (r.getThrown() != null && verbose) {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    line.append(trace);
                }
                return line.toString();
            }
        });
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        // Third-party chatter (XNIO, Undertow start-up banners) only when asked for. JUL holds loggers weakly, so
        // a level set on one nobody references is lost: keep them.
        QUIETED.clear();
        for (String name : new String[] {"org", "io.undertow", "com.cronutils"}) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(verbose && !name.equals("com.cronutils") ? Level.INFO : Level.WARNING);
            QUIETED.add(logger);
        }
    }

    /** The last second formatted: a busy executor logs many lines per second, each would format it anew. */
    private static volatile Object[] lastSecond = {Long.MIN_VALUE, ""};

    private static String time(long millis) {
        long second = Math.floorDiv(millis, 1000);
        Object[] last = lastSecond;
        if ((Long) last[0] != second) {
            last = new Object[] {second, TIME.format(Instant.ofEpochSecond(second))};
            lastSecond = last;
        }
        return (String) last[1];
    }

    private static String level(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN ";
        }
        return "INFO ";
    }
}
