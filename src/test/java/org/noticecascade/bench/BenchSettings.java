package org.noticecascade.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark's flags, all {@code -Dbench.*} system properties (Maven passes them on to the test JVM, and the test
 * passes them on to both sides' JVMs). Sizes not given are derived from {@code bench.units}.
 */
final class BenchSettings {

  /** Units in the generated tree, the root included. */
  final int units;
  final long seed;
  /** Clerks completing tasks at once (the driver pool). */
  final int drivers;
  /** Further notices started to load the database with open tasks: (1 + loadNotices) × units open tasks. */
  final int loadNotices;
  /** Tasks completed per kind in the work-at-load scenario. */
  final int sample;
  /**
   * Copies of the open work made in the database after the load (1: none), each for other units: see
   * SideBench.replicate. Reaches 300,000 open tasks from a smaller tree in minutes rather than hours.
   */
  final int replicate;
  /** Tasklist queries timed. */
  final int queries;
  /** Progress calls timed at the root (and 5 times as many at a province). */
  final int progressRuns;
  /** Units whose report falls due at once in the escalation scenario. */
  final int overdueUnits;
  /** Clerks claim each task before completing it, as Tasklist makes them (off: complete directly, as CascadeDriver). */
  final boolean claim;
  /** Heap of each side's JVM. */
  final String xmx;
  /** Project side only: drop V7's indexes after start-up, to measure without them. */
  final boolean withoutEngineIndexes;
  /** History level for both sides; empty: the project's own (application.yaml). */
  final String history;
  /** Further Spring properties for the project side, "key=value;key=value" (the bare side mirrors engine settings). */
  final List<String> projectProperties;
  /** Project side only: SQL run after start-up, "statement;statement" (an index being tried, say). */
  final List<String> projectSql;
  /** A scenario that makes no progress for this long fails the run. */
  final int stallSeconds;
  /**
   * More options for each side's JVM, space-separated: a profiler started with the JVM, say
   * ({@code -XX:StartFlightRecording=filename=/tmp/project.jfr,settings=profile}); attaching one later made C2
   * recompile for minutes. Both sides get them, so profile with {@code bench.bare=false}, or the bare side's
   * recording replaces the project's.
   */
  final List<String> sideJvmArgs;
  /** Run the bare side too (off: the project alone, for before/after comparisons of a tuning change). */
  final boolean bare;

  private BenchSettings() {
    units = integer("bench.units", 100_000);
    seed = Long.getLong("bench.seed", 20261123L);
    drivers = integer("bench.drivers", 4);
    loadNotices = integer("bench.loadNotices", 2);
    replicate = integer("bench.replicate", 1);
    int reachable = units - 1;
    sample = integer("bench.sample", Math.max(50, Math.min(2_000, reachable / 20)));
    queries = integer("bench.queries", Math.max(100, Math.min(500, reachable / 10)));
    progressRuns = integer("bench.progressRuns", 50);
    overdueUnits = integer("bench.overdueUnits", Math.min(10_000, reachable / 2));
    claim = Boolean.parseBoolean(System.getProperty("bench.claim", "false"));
    xmx = System.getProperty("bench.xmx", "1g");
    withoutEngineIndexes = Boolean.parseBoolean(System.getProperty("bench.withoutEngineIndexes", "false"));
    history = System.getProperty("bench.history", "");
    projectProperties = new ArrayList<>();
    for (String p : System.getProperty("bench.projectProperties", "").split(";")) {
      if (!p.isBlank()) {
        projectProperties.add(p.trim());
      }
    }
    projectSql = new ArrayList<>();
    for (String p : System.getProperty("bench.projectSql", "").split(";")) {
      if (!p.isBlank()) {
        projectSql.add(p.trim());
      }
    }
    stallSeconds = integer("bench.stallSeconds", 300);
    bare = Boolean.parseBoolean(System.getProperty("bench.bare", "true"));
    sideJvmArgs = new ArrayList<>();
    for (String a : System.getProperty("bench.sideJvmArgs", "").split("\\s+")) {
      if (!a.isBlank()) {
        sideJvmArgs.add(a);
      }
    }
  }

  static BenchSettings fromSystemProperties() {
    return new BenchSettings();
  }

  private static int integer(String name, int fallback) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim().replace("_", ""));
  }

  /** Every bench.* system property, to hand on to a child JVM. */
  static Map<String, String> all() {
    Map<String, String> all = new TreeMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("bench.")) {
        all.put(k.toString(), v.toString());
      }
    });
    return all;
  }

  Map<String, Object> describe() {
    Map<String, Object> d = new TreeMap<>();
    d.put("units", units);
    d.put("seed", seed);
    d.put("drivers", drivers);
    d.put("loadNotices", loadNotices);
    d.put("replicate", replicate);
    d.put("sample", sample);
    d.put("queries", queries);
    d.put("progressRuns", progressRuns);
    d.put("overdueUnits", overdueUnits);
    d.put("claim", claim);
    d.put("xmx", xmx);
    d.put("withoutEngineIndexes", withoutEngineIndexes);
    d.put("history", history.isEmpty() ? "(project default)" : history);
    d.put("projectProperties", projectProperties);
    d.put("projectSql", projectSql);
    d.put("sideJvmArgs", sideJvmArgs);
    return d;
  }
}
