package org.noticecascade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** The comparison of both sides as Markdown, for the console and docs/benchmarks.md. */
final class BenchReport {

  private final JsonNode project;
  private final JsonNode bare;
  private final String command;
  private final Map<String, String> postgres;

  BenchReport(JsonNode project, JsonNode bare, String command, Map<String, String> postgres) {
    this.project = project;
    this.bare = bare;
    this.command = command;
    this.postgres = postgres;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    JsonNode m = project.path("machine");
    md.append("### Run of ").append(m.path("date").asText()).append(", ")
        .append(project.path("tree").path("units").asInt()).append(" units\n\n");
    md.append("- command: `").append(command).append("`\n");
    md.append("- machine: ").append(m.path("cores").asInt()).append(" cores (").append(m.path("cpu").asText())
        .append("), ").append(m.path("memory").asText()).append(", load average at start ")
        .append(m.path("loadAverageAtStart").asText()).append("; ").append(m.path("java").asText()).append(", ")
        .append(m.path("os").asText()).append('\n');
    md.append("- PostgreSQL (embedded, one server for both sides): ").append(postgres).append('\n');
    md.append("- tree: ").append(project.path("tree")).append('\n');
    md.append("- settings: ").append(project.path("settings")).append('\n');
    md.append("- engine (bare mirrors it): ").append(project.path("engine")).append('\n');
    md.append("- open tasks at load: ").append(project.path("notes").path("openTasksAtLoad").asText())
        .append(" (project), ").append(bare.path("notes").path("openTasksAtLoad").asText()).append(" (bare)\n");
    md.append("- run time: ").append(project.path("notes").path("totalSeconds").asText()).append(" s project, ")
        .append(bare.path("notes").path("totalSeconds").asText()).append(" s bare\n\n");

    md.append("| scenario | figure | project | bare | project/bare | CPU per op, project / bare (JVM + DB) | target |\n"
        + "|---|---|---|---|---|---|---|\n");
    rate(md, "1 cascade", "cascade", "units reached/s, end to end", "≥ 200/s, ≥ 0.9× bare");
    rate(md, "1 cascade", "cascadeCompletions", "签收+传达 completed/s (latency of one)", "");
    rate(md, "load", "loadInstancesStarted", "unit instances started/s (building the load)", "");
    rate(md, "2 work at load", "acknowledgeAtLoad", "签收 completed/s", "≥ 200/s, ≥ 0.9× bare");
    rate(md, "2 work at load", "studyAtLoad", "学习贯彻 completed/s", "");
    rate(md, "2 work at load", "reportAtLoad", "报告 completed/s", "≥ 200/s, ≥ 0.9× bare");
    rate(md, "2 work at load", "reviewAtLoad", "审核 completed/s", "≥ 200/s, ≥ 0.9× bare");
    latency(md, "3 Tasklist", "tasklist", "本单位待办, first page + count + columns", "p95 ≤ 20 ms");
    latency(md, "4 progress", "progressRoot", "the root, depth 1: its subtree's totals (bare: Cockpit's activity"
        + " statistics)", "p95 ≤ 100 ms");
    latency(md, "4 progress", "progressProvince", "one province " + project.path("notes").path("progressProvince")
        .asText() + " (bare: task counts by path)", "");
    escalation(md);
    footprint(md, "footprintAfterCascade", "after the cascade (all units active)", "RSS ≤ 1 GB");
    footprint(md, "footprintAtLoad", "at the full load", "");
    md.append("\nLatencies are p50 / p95 / p99 in ms. For rates a ratio above 1 favours the project; for latencies and "
        + "memory a ratio below 1 does. CPU per op is the CPU time this side's JVM and its PostgreSQL server spent, "
        + "divided by the operations: on a machine shared with other work it says more than the wall-clock rate.\n");
    checks(md);
    return md.toString();
  }

  private static JsonNode figure(JsonNode side, String key) {
    return side.path("figures").path(key);
  }

  private static String pct(JsonNode f) {
    if (!f.has("p95Ms")) {
      return "";
    }
    return String.format(" (%.1f / %.1f / %.1f ms)", f.path("p50Ms").asDouble(), f.path("p95Ms").asDouble(),
        f.path("p99Ms").asDouble());
  }

  private static String ratio(double a, double b) {
    return b > 0 && !Double.isNaN(a) ? String.format("%.2f", a / b) : "—";
  }

  private void rate(StringBuilder md, String scenario, String key, String what, String target) {
    JsonNode p = figure(project, key);
    JsonNode b = figure(bare, key);
    if (p.isMissingNode()) {
      return;
    }
    md.append("| ").append(scenario).append(" | ").append(what).append(" | ")
        .append(String.format("%.1f/s", p.path("perSecond").asDouble())).append(pct(p)).append(" | ")
        .append(b.isMissingNode() ? "—" : String.format("%.1f/s", b.path("perSecond").asDouble()) + pct(b))
        .append(" | ").append(ratio(p.path("perSecond").asDouble(), b.path("perSecond").asDouble(Double.NaN)))
        .append(" | ").append(cpu(p)).append(" / ").append(cpu(b)).append(" | ").append(target).append(" |\n");
  }

  /** CPU milliseconds per operation: this side's JVM + its PostgreSQL backends. */
  private static String cpu(JsonNode f) {
    if (!f.has("jvmCpuMsPerOp")) {
      return "—";
    }
    return String.format("%.1f + %.1f ms", f.path("jvmCpuMsPerOp").asDouble(), f.path("dbCpuMsPerOp").asDouble());
  }

  private void latency(StringBuilder md, String scenario, String key, String what, String target) {
    JsonNode p = figure(project, key);
    JsonNode b = figure(bare, key);
    if (p.isMissingNode()) {
      return;
    }
    md.append("| ").append(scenario).append(" | ").append(what).append(" | ").append(pct(p).trim()).append(" | ")
        .append(b.isMissingNode() ? "—" : pct(b).trim()).append(" | p95 ")
        .append(ratio(p.path("p95Ms").asDouble(), b.path("p95Ms").asDouble(Double.NaN))).append(" | ")
        .append(cpu(p)).append(" / ").append(cpu(b)).append(" | ").append(target).append(" |\n");
  }

  private void escalation(StringBuilder md) {
    JsonNode p = figure(project, "escalationTimers");
    if (p.isMissingNode()) {
      md.append("| 5 escalation | timers fired/s; time until every 督办 exists | ")
          .append(project.path("notes").path("escalation").asText("not measured")).append(" | — | — | — | ≥ 130 timers/s |\n");
      return;
    }
    JsonNode b = figure(bare, "escalationTimers");
    md.append("| 5 escalation | timers fired/s | ").append(String.format("%.1f/s", p.path("perSecond").asDouble()))
        .append(" | ").append(b.isMissingNode() ? "—" : String.format("%.1f/s", b.path("perSecond").asDouble()))
        .append(" | ").append(ratio(p.path("perSecond").asDouble(), b.path("perSecond").asDouble(Double.NaN)))
        .append(" | ").append(cpu(p)).append(" / ").append(cpu(b)).append(" | ≥ 130 timers/s |\n");
    JsonNode pt = figure(project, "escalationTasks");
    JsonNode bt = figure(bare, "escalationTasks");
    if (!pt.isMissingNode()) {
      md.append("| 5 escalation | s until every 督办 task exists | ").append(String.format("%.1f s", pt.path("seconds")
          .asDouble())).append(" | ").append(bt.isMissingNode() ? "—" : String.format("%.1f s",
          bt.path("seconds").asDouble())).append(" | ").append(ratio(pt.path("seconds").asDouble(),
          bt.path("seconds").asDouble(Double.NaN))).append(" | | |\n");
    }
  }

  private void footprint(StringBuilder md, String key, String when, String target) {
    JsonNode p = figure(project, key);
    JsonNode b = figure(bare, key);
    if (p.isMissingNode()) {
      return;
    }
    md.append("| 6 footprint | heap used after GC, ").append(when).append(" | ").append(megabytes(p, "heapUsedMb"))
        .append(" | ").append(megabytes(b, "heapUsedMb")).append(" | ")
        .append(ratio(p.path("heapUsedMb").asDouble(), b.path("heapUsedMb").asDouble(Double.NaN))).append(" | | |\n");
    md.append("| 6 footprint | process RSS (peak), ").append(when).append(" | ").append(megabytes(p, "rssMb"))
        .append(" (").append(megabytes(p, "peakRssMb")).append(") | ").append(megabytes(b, "rssMb")).append(" (")
        .append(megabytes(b, "peakRssMb")).append(") | ")
        .append(ratio(p.path("rssMb").asDouble(), b.path("rssMb").asDouble(Double.NaN))).append(" | | ").append(target)
        .append(" |\n");
  }

  private static String megabytes(JsonNode f, String field) {
    return f.has(field) ? String.format("%.0f MB", f.path(field).asDouble()) : "—";
  }

  private void checks(StringBuilder md) {
    md.append("\nCorrectness checks (the run fails if any differs):\n\n");
    for (JsonNode side : new JsonNode[] {project, bare}) {
      for (Iterator<JsonNode> it = side.path("checks").elements(); it.hasNext(); ) {
        JsonNode c = it.next();
        md.append("- ").append(side.path("side").asText()).append(": ").append(c.path("name").asText()).append(" = ")
            .append(c.path("actual").asLong())
            .append(c.path("actual").asLong() == c.path("expected").asLong() ? "" : " (expected "
                + c.path("expected").asLong() + ")").append('\n');
      }
    }
  }
}
