package org.noticecascade.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The national-scale benchmark (issue 8): the project and bare Camunda 7.24, one after the other, each in a JVM of
 * its own (so heap and RSS are each side's) on its own database of one embedded PostgreSQL server. Prints and
 * writes target/bench/report-&lt;units&gt;.md; fails only when a correctness check fails, never on a time.
 * Run with {@code mvn -Pbench verify -Dbench.units=100000} (see docs/benchmarks.md).
 */
@Tag("bench")
class NationalBenchTest {

  /** The server both sides share: durable commits, as production runs. */
  static final Map<String, String> POSTGRES = new LinkedHashMap<>();

  static {
    POSTGRES.put("shared_buffers", "256MB");
    POSTGRES.put("work_mem", "16MB");
    POSTGRES.put("maintenance_work_mem", "128MB");
    POSTGRES.put("effective_cache_size", "1GB");
    POSTGRES.put("max_wal_size", "2GB");
    POSTGRES.put("synchronous_commit", "on");
    POSTGRES.put("max_connections", "200");
    // where each side's database time goes: target/bench/<side>-statements.tsv
    POSTGRES.put("shared_preload_libraries", "pg_stat_statements");
    // -Dbench.explainSlowerThanMs=5: the plan of every statement slower than that, run and timed, in
    // target/bench/postgres-log/; for tuning only, as timing each step of every plan slows every statement
    String explain = System.getProperty("bench.explainSlowerThanMs", "");
    if (!explain.isBlank()) {
      POSTGRES.put("shared_preload_libraries", "pg_stat_statements,auto_explain");
      POSTGRES.put("auto_explain.log_min_duration", explain.trim() + "ms");
      POSTGRES.put("auto_explain.log_analyze", "on");
      POSTGRES.put("auto_explain.log_buffers", "on");
      POSTGRES.put("logging_collector", "on");
      POSTGRES.put("log_directory", Path.of("target", "bench", "postgres-log").toAbsolutePath().toString());
    }
  }

  private final Path dir = Path.of("target", "bench");

  @Test
  void nationalCascadeSideBySideWithBareCamunda() throws Exception {
    BenchSettings cfg = BenchSettings.fromSystemProperties();
    Files.createDirectories(dir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    POSTGRES.forEach(builder::setServerConfig);
    try (EmbeddedPostgres pg = builder.start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("create database project");
        s.execute("create database bare");
        s.execute("create extension pg_stat_statements");
      }
      JsonNode project = side("project", ProjectBench.class, cfg, pg.getJdbcUrl("postgres", "project"), Map.of());
      statements(pg, "project");
      Map<String, String> mirror = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = project.path("engine").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        mirror.put("bench.mirror." + e.getKey(), e.getValue().asText());
      }
      JsonNode bare = cfg.bare ? side("bare", BareBench.class, cfg, pg.getJdbcUrl("postgres", "bare"), mirror)
          : Results.JSON.createObjectNode().put("side", "bare (not run)");
      if (cfg.bare) {
        statements(pg, "bare");
      }

      String command = "mvn -Pbench verify " + String.join(" ", BenchSettings.all().entrySet().stream()
          .map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList());
      String md = new BenchReport(project, bare, command, POSTGRES).markdown();
      Files.writeString(dir.resolve("report-" + cfg.units + ".md"), md);
      System.out.println(md);

      for (JsonNode side : List.of(project, bare)) {
        for (JsonNode check : side.path("checks")) {
          assertThat(check.path("actual").asLong()).as(side.path("side").asText() + ": " + check.path("name").asText())
              .isEqualTo(check.path("expected").asLong());
        }
      }
    }
  }

  /** The statements that took the most database time on one side's database, for tuning. */
  private void statements(EmbeddedPostgres pg, String database) throws Exception {
    StringBuilder out = new StringBuilder("calls\ttotal ms\tmean ms\trows\tstatement\n");
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery("select calls, round(total_exec_time::numeric, 1), "
             + "round(mean_exec_time::numeric, 3), rows, regexp_replace(query, '\\s+', ' ', 'g') "
             + "from pg_stat_statements where dbid = (select oid from pg_database where datname = '" + database
             + "') order by total_exec_time desc limit 40")) {
      while (rs.next()) {
        out.append(rs.getLong(1)).append('\t').append(rs.getString(2)).append('\t').append(rs.getString(3))
            .append('\t').append(rs.getLong(4)).append('\t').append(rs.getString(5)).append('\n');
      }
    }
    Files.writeString(dir.resolve(database + "-statements.tsv"), out);
  }

  /** Runs one side in its own JVM, its output to target/bench/&lt;side&gt;.log (the figures also to the console). */
  private JsonNode side(String name, Class<?> main, BenchSettings cfg, String jdbcUrl, Map<String, String> extra)
      throws Exception {
    Path out = dir.resolve(name + ".json");
    Files.deleteIfExists(out);
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx" + cfg.xmx);
    command.addAll(cfg.sideJvmArgs);
    command.add("-Dfile.encoding=UTF-8");
    BenchSettings.all().forEach((k, v) -> command.add("-D" + k + "=" + v));
    extra.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-Dbench.jdbcUrl=" + jdbcUrl);
    // pg_stat_statements lives in the postgres database: a side reads its own scenarios' statements there
    command.add("-Dbench.statsJdbcUrl=" + jdbcUrl.replaceFirst("/[^/?]+\\?", "/postgres?"));
    command.add("-Dbench.out=" + out.toAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    System.out.println("BENCH starting the " + name + " side (log: " + dir.resolve(name + ".log") + ")");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve(name + ".log")))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        log.println(line);
        if (line.startsWith("BENCH ")) {
          System.out.println(line);
          log.flush();
        }
      }
    }
    int exit = process.waitFor();
    assertThat(out).as("the " + name + " side's results (see its log)").exists();
    JsonNode results = Results.JSON.readTree(out.toFile());
    assertThat(results.path("notes").path("error").asText(""))
        .as("the " + name + " side failed (see " + dir.resolve(name + ".log") + ")").isEmpty();
    assertThat(exit).as("the " + name + " side's exit code").isZero();
    return results;
  }
}
