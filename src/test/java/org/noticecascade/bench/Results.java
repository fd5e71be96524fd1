package org.noticecascade.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one side measured and checked, written as JSON for the test that compares the sides. */
final class Results {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> figures = new LinkedHashMap<>();
  private final List<Map<String, Object>> checks = new ArrayList<>();
  private final Map<String, Object> notes = new LinkedHashMap<>();

  Results(String side) {
    root.put("side", side);
    root.put("figures", figures);
    root.put("checks", checks);
    root.put("notes", notes);
  }

  String side() {
    return (String) root.get("side");
  }

  void put(String key, Object value) {
    root.put(key, value);
  }

  void note(String key, Object value) {
    notes.put(key, value);
    System.out.println("BENCH " + root.get("side") + " " + key + ": " + value);
  }

  /**
   * A rate: {@code operations} in {@code seconds}, with the latencies of each operation if measured, and the CPU
   * time they cost this JVM and the database between two snapshots.
   */
  void rate(String key, long operations, double seconds, Latencies latencies, CpuMeter.Snapshot from,
      CpuMeter.Snapshot to) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("operations", operations);
    f.put("seconds", seconds);
    f.put("perSecond", operations / seconds);
    latencies(f, latencies);
    double jvm = (to.jvmNanos() - from.jvmNanos()) / 1e6 / operations;
    double db = (to.dbSeconds() - from.dbSeconds()) * 1000 / operations;
    f.put("jvmCpuMsPerOp", jvm);
    f.put("dbCpuMsPerOp", db);
    figures.put(key, f);
    System.out.printf("BENCH %s %s: %d in %.1f s = %.1f/s%s; CPU per op %.1f ms JVM + %.1f ms PostgreSQL%n",
        root.get("side"), key, operations, seconds, operations / seconds, latencies == null || latencies.count() == 0
            ? "" : String.format(" (p50 %.1f ms, p95 %.1f ms, p99 %.1f ms)", latencies.millis(0.5),
            latencies.millis(0.95), latencies.millis(0.99)), jvm, db);
  }

  void value(String key, Map<String, Object> values) {
    figures.put(key, values);
    System.out.println("BENCH " + root.get("side") + " " + key + ": " + values);
  }

  private static void latencies(Map<String, Object> f, Latencies l) {
    if (l != null && l.count() > 0) {
      f.put("p50Ms", l.millis(0.5));
      f.put("p95Ms", l.millis(0.95));
      f.put("p99Ms", l.millis(0.99));
    }
  }

  /** A correctness check; the test fails the run when any check's actual differs from its expected. */
  void check(String name, long expected, long actual) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("expected", expected);
    c.put("actual", actual);
    checks.add(c);
    System.out.println("BENCH " + root.get("side") + " check " + name + ": expected " + expected + ", actual "
        + actual + (expected == actual ? "" : "  <-- MISMATCH"));
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), root);
  }
}
