package org.noticecascade.bench;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.noticecascade.NoticeCascadeApplication;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.orgdirectory.UnitImportService;
import org.noticecascade.progress.ProgressService;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The project's side: the application as deployed (profile {@code postgres}, web server, job executor, Tasklist
 * filters, authorization), its org directory imported from CSV, clerks filling in the real forms. Run in a JVM of
 * its own by {@link NationalBenchTest}.
 */
public final class ProjectBench extends SideBench {

  /** Units per CSV file imported: the import checks every code in one query, and PostgreSQL caps its parameters. */
  private static final int IMPORT_CHUNK = 5_000;

  private ConfigurableApplicationContext app;
  private CascadeDriver driver;
  private final Map<Object, Map<String, Object>> noticeVariables = new ConcurrentHashMap<>();

  private ProjectBench(BenchSettings cfg) {
    super("project", cfg);
  }

  public static void main(String[] args) {
    runAndExit(new ProjectBench(BenchSettings.fromSystemProperties()));
  }

  @Override
  void start() {
    List<String> args = new ArrayList<>(List.of("--spring.profiles.active=postgres",
        "--NC_DB_URL=" + System.getProperty("bench.jdbcUrl"), "--NC_DB_USER=postgres", "--NC_DB_PASSWORD=postgres",
        "--NC_ADMIN_PASSWORD=Bench-Secret-2026!", "--server.port=0",
        // the embedded default's notification channel is the log: a line per unit reached would flood the output
        "--logging.level.notification=warn"));
    if (!cfg.history.isEmpty()) {
      args.add("--camunda.bpm.history-level=" + cfg.history);
    }
    cfg.projectProperties.forEach(p -> args.add("--" + p));
    app = SpringApplication.run(NoticeCascadeApplication.class, args.toArray(String[]::new));
    engine = app.getBean(ProcessEngine.class);
    tasks = engine.getTaskService();
    runtime = engine.getRuntimeService();
    identity = engine.getIdentityService();
    management = engine.getManagementService();
    filters = engine.getFilterService();
    dataSource = app.getBean(DataSource.class);
    tx = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
    org.springframework.jdbc.core.JdbcTemplate j = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
    if (cfg.withoutEngineIndexes) {
      j.execute("drop index if exists nc_idx_task_parent");
      j.execute("drop index if exists nc_idx_identitylink_group_task");
      results.note("engineIndexes", "dropped for this run (bench.withoutEngineIndexes)");
    }
    for (String sql : cfg.projectSql) {
      j.execute(sql);
      results.note("projectSql", sql);
    }
    importTree();
    driver = new CascadeDriver(engine) {
      @Override
      public void runJobs() {
        // the job executor runs them
      }
    };
  }

  /** The tree through the project's own CSV import, parents first, as an operator would load it. */
  private void importTree() {
    UnitImportService importer = app.getBean(UnitImportService.class);
    List<NationalTree.Node> nodes = tree.nodes();
    CpuMeter meter = new CpuMeter(new org.springframework.jdbc.core.JdbcTemplate(dataSource));
    CpuMeter.Snapshot cpu0 = meter.now();
    long t0 = System.nanoTime();
    for (int i = 0; i < nodes.size(); i += IMPORT_CHUNK) {
      importer.importCsv(NationalTree.csv(nodes.subList(i, Math.min(nodes.size(), i + IMPORT_CHUNK))));
    }
    results.rate("importUnits", nodes.size(), (System.nanoTime() - t0) / 1e9, null, cpu0, meter.now());
  }

  @Override
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Override
  boolean clerksSeeColumns() {
    return true;
  }

  @Override
  long issuerTasksPerNotice() {
    return 1;
  }

  @Override
  String unitProcessKey() {
    return UnitCascadeProcess.KEY;
  }

  @Override
  Object startNotice(int number) {
    ProcessInstance pi = driver.startNotice("全总发〔2026〕" + number + "号", NationalTree.ROOT,
        List.of("LOCAL_FEDERATION", "INDUSTRY_UNION"), List.of(), true, false);
    long id = driver.noticeId(pi);
    noticeVariables.put(id, runtime.getVariables(pi.getId(), List.of(NoticeProcess.DOC_NUMBER, NoticeProcess.TITLE,
        NoticeProcess.SUMMARY, NoticeProcess.ISSUER_UNIT_NAME)));
    return id;
  }

  @Override
  Map<String, Object> formVariables(String taskKey, String taskId) {
    return switch (taskKey) {
      case TASK_ACKNOWLEDGE -> CascadeDriver.acknowledgeForm();
      // the clerk ticks every kind of subordinate the form offers
      case TASK_RELAY -> CascadeDriver.relayForm(offeredKinds(taskId), List.of());
      case TASK_STUDY -> CascadeDriver.studyForm(30, false);
      case TASK_REPORT -> CascadeDriver.reportForm("已组织学习，落实到位");
      case TASK_REVIEW -> CascadeDriver.acceptForm();
      default -> throw new IllegalArgumentException(taskKey);
    };
  }

  private List<String> offeredKinds(String taskId) {
    SerializableValue options = tasks.getVariableTyped(taskId, SUBORDINATE_KIND_OPTIONS);
    List<String> kinds = new ArrayList<>();
    try {
      for (JsonNode option : Results.JSON.readTree(options.getValueSerialized())) {
        kinds.add(option.get("value").asText());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return kinds;
  }

  @Override
  Map<String, Object> directStartVariables(Object notice, NationalTree.Node unit) {
    Map<String, Object> v = new HashMap<>(noticeVariables.get(notice));
    v.put(NOTICE_ID, notice);
    v.put(CASCADE_TO_GRASSROOTS, true);
    v.put(REPORT_DUE_DATE, CascadeDriver.dueDate().minusDays(5).toString());
    v.put(INSTRUCTIONS, "请于截止日期前报告");
    v.put(UNIT_CODE, unit.code());
    v.put(SUPERIOR_CODE, unit.parent());
    v.put("cascadeLevel", unit.depth());
    return v;
  }

  /** As the Cockpit tab and the /progress page ask: the unit and its direct subordinates, with subtree totals. */
  @Override
  long progressAtRoot(Object notice) {
    return app.getBean(ProgressService.class).progress((Long) notice, null, 1).totals().reached();
  }

  @Override
  long progressAt(Object notice, String unitCode) {
    return app.getBean(ProgressService.class).progress((Long) notice, unitCode, 1).totals().reached();
  }

  @Override
  void checkAfterCascade(Object notice) {
    results.check("cascade: units in the progress read model", tree.reachable(),
        count("select count(*) from cascade_unit where notice_id = ?", notice));
    results.check("cascade: distinct units in the progress read model", tree.reachable(),
        count("select count(distinct unit_code) from cascade_unit where notice_id = ?", notice));
  }

  private long count(String sql, Object... args) {
    Long n = jdbc.queryForObject(sql, Long.class, args);
    return n == null ? 0 : n;
  }
}
