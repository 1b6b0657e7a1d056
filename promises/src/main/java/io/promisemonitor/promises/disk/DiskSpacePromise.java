package io.promisemonitor.promises.disk;

import io.promisemonitor.core.promise.OptionException;
import io.promisemonitor.core.promise.Sizes;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.Promise;
import io.promisemonitor.core.promise.PromiseContext;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.promises.DocumentedProvider;
import io.promisemonitor.promises.OptionDoc;
import io.promisemonitor.promises.internal.Values;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code promise = disk-space}: free space and free inodes of the file systems holding some paths (seed 003:
 * "checks available disk space in predefined paths"). Free space is what an unprivileged user can still use
 * (statvfs {@code f_bavail}), and percents are of the space users can have (used plus available), as
 * {@code df} and {@code check_disk} count them.
 */
public final class DiskSpacePromise implements DocumentedProvider {

    static final String DEFAULT_WARNING = "10%";
    static final String DEFAULT_CRITICAL = "5%";

    @Override
    public String name() {
        return "disk-space";
    }

    @Override
    public String description() {
        return "free space and inodes of the file systems holding some paths";
    }

    @Override
    public List<OptionDoc> optionDocs() {
        return List.of(
                new OptionDoc("path", "the instance root", "Paths to check, one a line (repeat `--path`); each is"
                        + " measured on the file system holding it; relative ones are from the instance root"),
                new OptionDoc("warning", DEFAULT_WARNING, "Minimum free space, else WARNING: a percent, a size or"
                        + " both (`10%,5GiB`: WARNING when below both)"),
                new OptionDoc("critical", DEFAULT_CRITICAL, "Minimum free space, else ERROR; same forms as"
                        + " `warning`"),
                new OptionDoc("inode-warning", DEFAULT_WARNING, "Minimum free inodes in percent, else WARNING"),
                new OptionDoc("inode-critical", DEFAULT_CRITICAL, "Minimum free inodes in percent, else ERROR"),
                new OptionDoc("inodes", "yes", "Read inode counts (one `stat -f` run per check); `no` skips them"),
                new OptionDoc("mount-point", "no", "Each path must be a mount point itself, so an unmounted disk is"
                        + " an ERROR instead of a check of the file system under it"));
    }

    @Override
    public Promise create(PromiseOptions options) {
        List<String> paths = options.items("path");
        FreeSpaceLimit warning = FreeSpaceLimit.parse(options, "warning", DEFAULT_WARNING);
        FreeSpaceLimit critical = FreeSpaceLimit.parse(options, "critical", DEFAULT_CRITICAL);
        if (critical.isAbove(warning)) {
            throw new OptionException(options.source() + ": option 'critical' (" + critical
                    + ") is above option 'warning' (" + warning + "); allowed: critical at most warning, both being"
                    + " minimum free space");
        }
        double inodeWarning = percent(options, "inode-warning", DEFAULT_WARNING);
        double inodeCritical = percent(options, "inode-critical", DEFAULT_CRITICAL);
        if (inodeCritical > inodeWarning) {
            throw new OptionException(options.source() + ": option 'inode-critical' ("
                    + FreeSpaceLimit.trim(inodeCritical) + "%) is above option 'inode-warning' ("
                    + FreeSpaceLimit.trim(inodeWarning) + "%); allowed: inode-critical at most inode-warning");
        }
        boolean inodes = options.bool("inodes", true);
        boolean mountPoint = options.bool("mount-point", false);
        return context -> check(context, paths, warning, critical, inodeWarning, inodeCritical, inodes, mountPoint);
    }

    private static double percent(PromiseOptions options, String name, String fallback) {
        String raw = options.get(name).orElse(fallback);
        try {
            return Sizes.parsePercent(raw);
        } catch (IllegalArgumentException e) {
            throw options.bad(name, raw, "a percent from 0% to 100%, such as 10%");
        }
    }

    /** One path's line of the message, its status and its perfdata. */
    private record Line(Status status, double freePercent, String text, List<Perfdata> perfdata) {
    }

    private record Measured(String name, Path realPath, long total, long unallocated, long available) {
    }

    private static PromiseResult check(PromiseContext context, List<String> given, FreeSpaceLimit warning,
            FreeSpaceLimit critical, double inodeWarning, double inodeCritical, boolean readInodes,
            boolean mountPoint) {
        List<String> names = given.isEmpty() ? List.of(context.instanceRoot().toString()) : given;
        List<Path> real = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        Optional<Mounts> mounts = mountPoint ? Mounts.read() : Optional.empty();
        List<Measured> measured = new ArrayList<>();
        for (String name : names) {
            Path path = Values.resolve(context.instanceRoot(), name);
            try {
                Path realPath = path.toRealPath();
                if (mountPoint && mounts.isPresent() && !mounts.get().isMountPoint(realPath)) {
                    lines.add(new Line(Status.ERROR, -1, name + ": not a mount point (it is on "
                            + mounts.get().mountPointOf(realPath) + "); is its disk mounted?", List.of()));
                    continue;
                }
                FileStore store = Files.getFileStore(realPath);
                long total = store.getTotalSpace();
                long unallocated = store.getUnallocatedSpace();
                long available = store.getUsableSpace();
                real.add(realPath);
                measured.add(new Measured(name, realPath, total, unallocated, available));
            } catch (IOException e) {
                lines.add(new Line(Status.ERROR, -1, name + ": " + Values.why(e), List.of()));
            }
        }
        Map<Path, Inodes.Count> inodes = readInodes ? Inodes.of(real, context.clock()) : Map.of();
        for (Measured m : measured) {
            lines.add(line(m.name(), m.total(), m.unallocated(), m.available(), inodes.get(m.realPath()), warning,
                    critical, inodeWarning, inodeCritical));
        }
        lines.sort(Comparator.comparingInt((Line l) -> -l.status().severity()).thenComparingDouble(Line::freePercent));
        Status worst = Status.OK;
        List<String> text = new ArrayList<>();
        List<Perfdata> perfdata = new ArrayList<>();
        for (Line l : lines) {
            if (l.status().severity() > worst.severity()) {
                worst = l.status();
            }
            text.add(l.text());
            perfdata.addAll(l.perfdata());
        }
        return PromiseResult.of(worst, String.join("\n", text)).withPerfdata(perfdata);
    }

    private static Line line(String name, long total, long unallocated, long available, Inodes.Count inodes,
            FreeSpaceLimit warning, FreeSpaceLimit critical, double inodeWarning, double inodeCritical) {
        // Space reserved for root is neither used nor available to users: leave it out of the percent, as df does.
        long usable = total - (unallocated - available);
        double freePercent = usable <= 0 ? 0 : 100.0 * available / usable;
        Status status = Status.OK;
        String verdict = "";
        if (critical.isBelow(available, usable)) {
            status = Status.ERROR;
            verdict = ", below critical " + critical;
        } else if (warning.isBelow(available, usable)) {
            status = Status.WARNING;
            verdict = ", below warning " + warning;
        }
        StringBuilder text = new StringBuilder(name).append(": ").append(Values.bytes(available)).append(" free of ")
                .append(Values.bytes(usable)).append(" (").append(Values.oneDecimal(freePercent)).append('%')
                .append(verdict).append(')');
        List<Perfdata> perfdata = new ArrayList<>();
        perfdata.add(new Perfdata(name, available, "B", warning.bytesOn(usable) + ":",
                critical.bytesOn(usable) + ":", "0", String.valueOf(usable)));
        perfdata.add(new Perfdata(name + " %", round(freePercent), "%", null, null, "0", "100"));
        if (inodes != null) {
            double inodePercent = inodes.freePercent();
            String inodeVerdict = "";
            if (inodePercent < inodeCritical) {
                status = Status.ERROR;
                inodeVerdict = ", below critical " + FreeSpaceLimit.trim(inodeCritical) + "%";
            } else if (inodePercent < inodeWarning) {
                if (status == Status.OK) {
                    status = Status.WARNING;
                }
                inodeVerdict = ", below warning " + FreeSpaceLimit.trim(inodeWarning) + "%";
            }
            text.append(", inodes ").append(Values.oneDecimal(inodePercent)).append("% free").append(inodeVerdict);
            perfdata.add(new Perfdata(name + " inodes %", round(inodePercent), "%",
                    FreeSpaceLimit.trim(inodeWarning) + ":", FreeSpaceLimit.trim(inodeCritical) + ":", "0", "100"));
        }
        return new Line(status, freePercent, text.toString(), perfdata);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
