package dev.mercato.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies of one load thread, in nanoseconds, kept raw in a growable array. A phase records
 * tens of thousands of values, so sorting them once at the end is simpler than a histogram and exact.
 */
final class Latencies {

    private long[] values = new long[1 << 14];
    private int size;

    void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** All values of the given recorders, sorted ascending. */
    static long[] merged(List<Latencies> parts) {
        long[] all = new long[parts.stream().mapToInt(Latencies::size).sum()];
        int at = 0;
        for (Latencies part : parts) {
            System.arraycopy(part.values, 0, all, at, part.size);
            at += part.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
