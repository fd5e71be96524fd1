package org.noticecascade.bench;

import java.util.Arrays;

/** Latencies of one kind of operation, in nanoseconds; thread-safe. */
final class Latencies {

  private long[] values = new long[1024];
  private int count;

  synchronized void add(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
  }

  synchronized int count() {
    return count;
  }

  /** The q-quantile (0..1) in milliseconds, nearest rank. */
  synchronized double millis(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
  }
}
