package io.promisemonitor.promises.disk;

import io.promisemonitor.core.promise.Sizes;
import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.promises.internal.Values;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A minimum of free space: a percent, a size, or both ({@code 10%, 5GiB}). With both, a path is below the limit
 * only when it is below both, that is below the smaller of the two on that file system: the percent keeps small
 * disks from alarming too late, the size keeps big disks from alarming with plenty left.
 */
final class FreeSpaceLimit {

    static final String ALLOWED = "a percent, a size or both, such as 10%, 5GiB or 10%,5GiB";

    private final OptionalDouble percent;
    private final OptionalLong bytes;
    private final String text;

    private FreeSpaceLimit(OptionalDouble percent, OptionalLong bytes, String text) {
        this.percent = percent;
        this.bytes = bytes;
        this.text = text;
    }

    static FreeSpaceLimit parse(PromiseOptions options, String name, String fallback) {
        List<String> items = options.commaItems(name);
        String raw = items.isEmpty() ? fallback : String.join(",", items);
        if (items.isEmpty()) {
            items = List.of(fallback);
        }
        OptionalDouble percent = OptionalDouble.empty();
        OptionalLong bytes = OptionalLong.empty();
        if (items.size() > 2) {
            throw options.bad(name, raw, ALLOWED);
        }
        for (String item : items) {
            try {
                if (item.endsWith("%")) {
                    if (percent.isPresent()) {
                        throw new IllegalArgumentException();
                    }
                    percent = OptionalDouble.of(Sizes.parsePercent(item));
                } else {
                    if (bytes.isPresent()) {
                        throw new IllegalArgumentException();
                    }
                    bytes = OptionalLong.of(Sizes.parse(item));
                }
            } catch (IllegalArgumentException e) {
                throw options.bad(name, raw, ALLOWED);
            }
        }
        return new FreeSpaceLimit(percent, bytes, String.join(" and ", items));
    }

    /** The limit in bytes on a file system whose usable size is {@code usableTotal}: the smaller of the two. */
    long bytesOn(long usableTotal) {
        long limit = Long.MAX_VALUE;
        if (percent.isPresent()) {
            limit = Math.round(usableTotal * percent.getAsDouble() / 100);
        }
        if (bytes.isPresent()) {
            limit = Math.min(limit, bytes.getAsLong());
        }
        return limit;
    }

    boolean isBelow(long free, long usableTotal) {
        return free < bytesOn(usableTotal);
    }

    /**
     * Whether this limit is above {@code other} in every unit both give, which for a critical limit against
     * a warning one is a mistake.
     */
    boolean isAbove(FreeSpaceLimit other) {
        boolean p = percent.isPresent() && other.percent.isPresent()
                && percent.getAsDouble() > other.percent.getAsDouble();
        boolean b = bytes.isPresent() && other.bytes.isPresent() && bytes.getAsLong() > other.bytes.getAsLong();
        return p || b;
    }

    @Override
    public String toString() {
        return text;
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
