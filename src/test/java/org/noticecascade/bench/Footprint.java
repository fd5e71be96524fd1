package org.noticecascade.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Heap (after a full collection) and the process's resident memory as Linux reports it in /proc/self/status. */
final class Footprint {

  private Footprint() {
  }

  static Map<String, Object> measure() {
    // two collections: the first may only queue finalizable objects
    System.gc();
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("heapUsedMb", heap.getUsed() / 1048576.0);
    m.put("heapCommittedMb", heap.getCommitted() / 1048576.0);
    m.put("heapMaxMb", heap.getMax() / 1048576.0);
    m.put("nonHeapUsedMb", nonHeap.getUsed() / 1048576.0);
    m.put("rssMb", status("VmRSS"));
    m.put("peakRssMb", status("VmHWM"));
    m.put("threads", Thread.activeCount());
    return m;
  }

  /** A "kB" line of /proc/self/status in megabytes; NaN off Linux. */
  private static double status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
