package org.noticecascade.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.postgresql.core.BaseConnection;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scenarios, the same for the project and for bare Camunda: each side supplies its engine, how a notice starts,
 * what each form submits and how progress is read. Both sides' unit processes use the same task ids and keep the
 * unit's code in {@code unitCode}, its superior's in {@code superiorCode}; business keys are
 * {@code <notice>/<unit code>}. Clerks act as {@code <unit code>clerk} in the unit's group, with authorization on.
 */
abstract class SideBench {

  static final String ACK = "Task_Acknowledge";
  static final String RELAY = "Task_Relay";
  static final String STUDY = "Task_Study";
  static final String REPORT = "Task_Report";
  static final String REVIEW = "Task_Review";
  static final String UNIT_CODE = "unitCode";
  static final String SUPERIOR_CODE = "superiorCode";
  /** The Tasklist filter clerks work from (the project's is made by web/TasklistFilters). */
  static final String UNIT_TASKS_FILTER = "本单位待办";

  final BenchSettings cfg;
  final NationalTree tree;
  final Results results;
  private final String side;
  private final Random random;

  ProcessEngine engine;
  TaskService tasks;
  RuntimeService runtime;
  IdentityService identity;
  ManagementService management;
  FilterService filters;
  DataSource dataSource;
  JdbcTemplate jdbc;
  TransactionTemplate tx;
  CpuMeter cpu;

  SideBench(String side, BenchSettings cfg) {
    this.cfg = cfg;
    this.tree = NationalTree.generate(cfg.units, cfg.seed);
    this.results = new Results(side);
    this.side = side;
    this.random = new Random(cfg.seed + 1);
  }

  // ---- what each side supplies

  /** Starts the engine (and for the project the application), imports the tree if the side has a directory. */
  abstract void start() throws Exception;

  abstract void stop();

  abstract String unitProcessKey();

  /** Starts notice number {@code number} from the root to its children; returns what business keys start with. */
  abstract Object startNotice(int number);

  /** What the clerk submits on a task's form; called as the clerk, so reads are the clerk's. */
  abstract Map<String, Object> formVariables(String taskKey, String taskId);

  /** The variables a unit's instance gets from its superior's call activity, for starting it directly. */
  abstract Map<String, Object> directStartVariables(Object notice, NationalTree.Node unit);

  /**
   * Progress at the root, as a manager's view asks for it (the project: depth 1, with the totals of the whole
   * cascade); the number of units it reports, or -1 when the side has no such count.
   */
  abstract long progressAtRoot(Object notice);

  /** Progress over one unit's part of the cascade; as {@link #progressAtRoot}. */
  abstract long progressAt(Object notice, String unitCode);

  /**
   * Whether a clerk's list shows the filter's variable columns: the engine embeds an instance's variables only for
   * those who may read the instance (the project grants that; bare Camunda, granting nothing, shows none).
   */
  boolean clerksSeeColumns() {
    return false;
  }

  /** Tasks a notice keeps open for its issuer besides the units' own (the project's 通知办理跟踪). */
  long issuerTasksPerNotice() {
    return 0;
  }

  /** Side-specific checks after the cascade (the project's read model). */
  void checkAfterCascade(Object notice) {
  }

  // ---- the run

  /** A side's main: runs it, writes its results to {@code bench.out}, exits non-zero on failure. */
  static void runAndExit(SideBench side) {
    int exit = 0;
    try {
      side.run(Path.of(System.getProperty("bench.out")));
    } catch (Exception | Error e) {
      e.printStackTrace(System.out);
      exit = 1;
    }
    // the engine's and the web server's threads would keep the JVM alive
    System.exit(exit);
  }

  final void run(Path out) throws Exception {
    results.put("settings", cfg.describe());
    results.put("tree", tree.shape());
    results.put("machine", machine());
    long begin = System.nanoTime();
    try {
      start();
      jdbc = new JdbcTemplate(dataSource);
      cpu = new CpuMeter(jdbc);
      results.put("engine", engineSettings());
      Object notice = statementsOf("cascade", out, this::cascade);
      results.value("footprintAfterCascade", Footprint.measure());
      List<Object> load = buildLoad();
      workAtLoad(notice, load);
      statementsOf("tasklist", out, () -> {
        tasklist();
        return null;
      });
      progress(notice);
      statementsOf("escalation", out, () -> {
        escalation(notice);
        return null;
      });
      results.value("footprintAtLoad", Footprint.measure());
    } catch (Exception | Error e) {
      results.note("error", e.toString());
      throw e;
    } finally {
      results.note("totalSeconds", Math.round((System.nanoTime() - begin) / 1e9));
      results.write(out);
      stop();
    }
  }

  /**
   * Runs a scenario and writes the statements it ran on this side's database, costliest first, to
   * {@code <side>-<scenario>-statements.tsv} beside {@code out} (the whole run's are in {@code <side>-statements.tsv}).
   */
  private <T> T statementsOf(String scenario, Path out, Scenario<T> run) throws Exception {
    String url = System.getProperty("bench.statsJdbcUrl");
    if (url == null) {
      return run.run();
    }
    JdbcTemplate stats = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url));
    String database = jdbc.queryForObject("select current_database()", String.class);
    String select = "select queryid, calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') as q"
        + " from pg_stat_statements where dbid = (select oid from pg_database where datname = ?)";
    Map<Long, Object[]> before = new LinkedHashMap<>();
    stats.query(select, rs -> {
      before.put(rs.getLong(1), new Object[] {rs.getLong(2), rs.getDouble(3), rs.getLong(4)});
    }, database);
    T result = run.run();
    List<Object[]> rows = new ArrayList<>();
    stats.query(select, rs -> {
      Object[] b = before.getOrDefault(rs.getLong(1), new Object[] {0L, 0.0, 0L});
      long calls = rs.getLong(2) - (Long) b[0];
      if (calls > 0) {
        rows.add(new Object[] {calls, rs.getDouble(3) - (Double) b[1], rs.getLong(4) - (Long) b[2], rs.getString(5)});
      }
    }, database);
    rows.sort((a, b) -> Double.compare((Double) b[1], (Double) a[1]));
    StringBuilder tsv = new StringBuilder("calls\ttotal ms\tmean ms\trows\tstatement\n");
    rows.stream().limit(40).forEach(r -> tsv.append(r[0]).append('\t').append(String.format("%.1f", (Double) r[1]))
        .append('\t').append(String.format("%.3f", (Double) r[1] / (Long) r[0])).append('\t').append(r[2])
        .append('\t').append(r[3]).append('\n'));
    Files.writeString(out.resolveSibling(side + "-" + scenario + "-statements.tsv"), tsv);
    return result;
  }

  /** A scenario whose statements are counted. */
  private interface Scenario<T> {
    T run() throws Exception;
  }

  // ---- scenario 1: one notice to the whole tree, clerks acknowledging and relaying

  private Object cascade() throws InterruptedException {
    long expected = tree.reachable();
    TaskPool pool = new TaskPool("driver", cfg.drivers);
    TaskPoller poller = new TaskPoller(tasks, new String[] {ACK, RELAY}, cfg.drivers * 4, pool,
        task -> () -> completeAsClerk((String) tasks.getVariable(task.getId(), UNIT_CODE), task.getId(),
            task.getTaskDefinitionKey(), pool.latencies()));
    CpuMeter.Snapshot cpu0 = cpu.now();
    long startMillis = System.currentTimeMillis();
    Object notice = startNotice(1);
    poller.start();
    try {
      // the end is the last 学习贯彻 task's creation time, so this count (a scan of the open tasks, on the CPU the
      // run measures) need not be asked often
      await("cascade", () -> tasks.createTaskQuery().taskDefinitionKey(STUDY).count(), expected, pool, 2000);
    } finally {
      poller.stop();
      pool.shutdown();
    }
    CpuMeter.Snapshot cpu1 = cpu.now();
    Date last = tasks.createTaskQuery().taskDefinitionKey(STUDY).orderByTaskCreateTime().desc().listPage(0, 1)
        .get(0).getCreateTime();
    double seconds = (last.getTime() - startMillis) / 1000.0;
    results.rate("cascade", expected, seconds, null, cpu0, cpu1);
    results.rate("cascadeCompletions", pool.done(), seconds, pool.latencies(), cpu0, cpu1);
    results.note("cascadeJobsLeft", management.createJobQuery().executable().count());

    results.check("cascade: units with an instance", expected,
        runtime.createProcessInstanceQuery().processDefinitionKey(unitProcessKey()).count());
    results.check("cascade: units with an open 学习贯彻 task", expected, distinctUnitsWithOpenTask(STUDY));
    results.check("cascade: open 签收/传达 tasks left", 0, tasks.createTaskQuery().taskDefinitionKeyIn(ACK, RELAY).count());
    results.check("cascade: driver failures", 0, pool.failed());
    results.check("cascade: incidents", 0, runtime.createIncidentQuery().count());
    checkAfterCascade(notice);
    return notice;
  }

  /** Units (business keys) with an open task of the given kind. */
  long distinctUnitsWithOpenTask(String taskKey) {
    Long n = jdbc.queryForObject("select count(distinct e.business_key_) from act_ru_task t "
        + "join act_ru_execution e on e.id_ = t.proc_inst_id_ where t.task_def_key_ = ?", Long.class, taskKey);
    return n == null ? 0 : n;
  }

  void completeAsClerk(String unit, String taskId, String taskKey, Latencies latencies) {
    asClerk(unit, () -> {
      Map<String, Object> form = formVariables(taskKey, taskId);
      long t0 = System.nanoTime();
      if (cfg.claim) {
        tasks.claim(taskId, clerk(unit));
      }
      tasks.complete(taskId, form);
      latencies.add(System.nanoTime() - t0);
      return null;
    });
  }

  static String clerk(String unit) {
    return unit + "clerk";
  }

  <T> T asClerk(String unit, Callable<T> work) {
    identity.setAuthentication(clerk(unit), List.of(unit));
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Waits until {@code count} reaches {@code expected}; fails on an incident, a driver failure or a stall. */
  void await(String what, LongSupplier count, long expected, TaskPool pool) throws InterruptedException {
    await(what, count, expected, pool, 500);
  }

  void await(String what, LongSupplier count, long expected, TaskPool pool, long pollMillis)
      throws InterruptedException {
    long last = -1;
    long lastChange = System.currentTimeMillis();
    long lastPrint = 0;
    while (true) {
      long n = count.getAsLong();
      if (n >= expected) {
        return;
      }
      long now = System.currentTimeMillis();
      if (n != last) {
        last = n;
        lastChange = now;
      }
      if (now - lastPrint > 10_000) {
        System.out.printf("BENCH %s %s: %d of %d%n", results.side(), what, n, expected);
        lastPrint = now;
      }
      List<Incident> incidents = runtime.createIncidentQuery().listPage(0, 1);
      if (!incidents.isEmpty()) {
        throw new IllegalStateException(what + ": incident " + incidents.get(0).getIncidentMessage());
      }
      if (pool != null && pool.firstFailure() != null) {
        throw new IllegalStateException(what + ": a clerk's step failed", pool.firstFailure());
      }
      if (now - lastChange > cfg.stallSeconds * 1000L) {
        throw new IllegalStateException(what + " stalled at " + n + " of " + expected + "; executable jobs "
            + management.createJobQuery().executable().count());
      }
      Thread.sleep(pollMillis);
    }
  }

  // ---- the open-task load: more notices, every unit holding their 签收

  private List<Object> buildLoad() throws InterruptedException {
    List<Object> notices = new ArrayList<>();
    for (int k = 2; k <= 1 + cfg.loadNotices; k++) {
      notices.add(startNotice(k));
    }
    // the notices' own fan-out reaches the root's children; every unit further down is started directly, with the
    // variables its superior's call activity would give it (their 传达 is not what this load is about)
    long top = tree.children(NationalTree.ROOT).size();
    await("load: notices reaching the root's children", () -> tasks.createTaskQuery().taskDefinitionKey(ACK).count(),
        top * notices.size(), null);
    List<NationalTree.Node> below = tree.nodes().stream().filter(n -> n.depth() >= 2).toList();
    TaskPool pool = new TaskPool("load", cfg.drivers);
    CpuMeter.Snapshot cpu0 = cpu.now();
    long t0 = System.nanoTime();
    // level by level: a unit is recorded under its superior, whose start must have committed first
    int deepest = below.stream().mapToInt(NationalTree.Node::depth).max().orElse(1);
    for (int depth = 2; depth <= deepest; depth++) {
      int d = depth;
      List<NationalTree.Node> level = below.stream().filter(n -> n.depth() == d).toList();
      for (Object notice : notices) {
        for (int i = 0; i < level.size(); i += 20) {
          List<NationalTree.Node> batch = level.subList(i, Math.min(level.size(), i + 20));
          pool.submit(() -> tx.executeWithoutResult(s -> batch.forEach(u -> runtime.startProcessInstanceByKey(
              unitProcessKey(), notice + "/" + u.code(), directStartVariables(notice, u)))));
        }
      }
      pool.awaitIdle();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - t0) / 1e9;
    results.rate("loadInstancesStarted", (long) below.size() * notices.size(), seconds, null, cpu0, cpu.now());
    results.check("load: starts failed", 0, pool.failed());
    long open = tasks.createTaskQuery().count();
    long perNotice = tree.reachable() + issuerTasksPerNotice();
    results.check("load: open tasks", perNotice * (1 + notices.size()), open);
    if (cfg.replicate > 1) {
      replicate(cfg.replicate);
      open = tasks.createTaskQuery().count();
      results.check("load: open tasks after replication", perNotice * (1 + notices.size()) * cfg.replicate, open);
    }
    results.note("openTasksAtLoad", open);
    return notices;
  }

  /**
   * Makes {@code copies - 1} copies of every running instance with its executions, tasks, candidate groups,
   * variables (and their byte arrays) and grants, in SQL, each copy belonging to other units: ids, business keys
   * and group ids get the suffix "~k". So the engine's runtime tables and their indexes reach the size of a larger
   * tree (300,000 open tasks from 30,000), while each clerk still sees only their own unit's tasks and the sampled
   * work never touches a copy. Jobs and history are not copied: the scenarios that read them measure the real rows.
   * The same SQL serves both sides (the same engine schema).
   */
  private void replicate(int copies) {
    long t0 = System.nanoTime();
    String task = String.valueOf(org.camunda.bpm.engine.authorization.Resources.TASK.resourceType());
    String instance = String.valueOf(org.camunda.bpm.engine.authorization.Resources.PROCESS_INSTANCE.resourceType());
    for (int k = 2; k <= copies; k++) {
      String suffix = "'~" + k + "'";
      tx.executeWithoutResult(s -> {
        copy("act_ge_bytearray", List.of("id_"), List.of(), "id_ in (select bytearray_id_ from act_ru_variable)"
            + " and id_ not like '%~%'", suffix);
        copy("act_ru_execution", List.of("id_", "root_proc_inst_id_", "proc_inst_id_", "parent_id_", "super_exec_"),
            List.of("business_key_"), "id_ not like '%~%'", suffix);
        copy("act_ru_task", List.of("id_", "execution_id_", "proc_inst_id_", "parent_task_id_"), List.of(),
            "id_ not like '%~%'", suffix);
        copy("act_ru_identitylink", List.of("id_", "task_id_"), List.of("group_id_", "user_id_"),
            "task_id_ is not null and id_ not like '%~%'", suffix);
        copy("act_ru_variable", List.of("id_", "execution_id_", "proc_inst_id_", "task_id_", "var_scope_",
            "bytearray_id_"), List.of(), "(execution_id_ is not null or task_id_ is not null) and id_ not like '%~%'",
            suffix);
        copy("act_ru_authorization", List.of("id_", "resource_id_", "root_proc_inst_id_"),
            List.of("group_id_", "user_id_"), "resource_type_ in (" + task + ", " + instance + ")"
                + " and id_ not like '%~%' and (resource_id_ in (select id_ from act_ru_task where id_ not like '%~%')"
                + " or resource_id_ in (select proc_inst_id_ from act_ru_execution where id_ not like '%~%'))", suffix);
      });
    }
    for (String table : List.of("act_ge_bytearray", "act_ru_execution", "act_ru_task", "act_ru_identitylink",
        "act_ru_variable", "act_ru_authorization")) {
      jdbc.execute("analyze " + table);
    }
    results.note("replicationSeconds", Math.round((System.nanoTime() - t0) / 1e9));
  }

  /** insert … select of the table's rows that match, the id columns and the owner columns given the suffix. */
  private void copy(String table, List<String> ids, List<String> owners, String where, String suffix) {
    List<String> columns = jdbc.queryForList("select column_name from information_schema.columns"
        + " where table_schema = current_schema() and table_name = ? order by ordinal_position", String.class, table);
    List<String> values = columns.stream().map(c -> ids.contains(c) || owners.contains(c) ? c + " || " + suffix : c)
        .toList();
    jdbc.update("insert into " + table + " (" + String.join(", ", columns) + ") select " + String.join(", ", values)
        + " from " + table + " where " + where);
  }

  // ---- scenario 2: work at load

  private void workAtLoad(Object notice, List<Object> load) throws InterruptedException {
    long openBefore = tasks.createTaskQuery().count();
    List<String> all = new ArrayList<>(tree.nodes().stream().skip(1).map(NationalTree.Node::code).toList());
    List<String> leaves = new ArrayList<>(tree.nodes().stream().skip(1)
        .filter(n -> tree.children(n.code()).isEmpty()).map(NationalTree.Node::code).toList());
    List<String> acknowledging = sample(all, cfg.sample);
    List<String> reporting = sample(leaves, cfg.sample);
    completeTimed("acknowledgeAtLoad", load.get(0), acknowledging, ACK, false);
    // 签收 opens the unit's next tasks: one (学习贯彻, or bare's 传达), or two where 传达 and 学习贯彻 open together
    long opened = 0;
    for (String unit : acknowledging) {
      opened += tasks.createTaskQuery().processInstanceBusinessKey(load.get(0) + "/" + unit).count() - 1;
    }
    completeTimed("studyAtLoad", notice, reporting, STUDY, false);
    completeTimed("reportAtLoad", notice, reporting, REPORT, false);
    completeTimed("reviewAtLoad", notice, reporting, REVIEW, true);
    // an accepted leaf ends in the job executor (asynchronous end); wait for it before counting
    long t0 = System.nanoTime();
    await("work at load: ends", () -> management.createJobQuery().executable().count() == 0 ? 1 : 0, 1, null);
    results.note("reviewEndJobsDrainedSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    results.check("work at load: open tasks after", openBefore + opened - reporting.size(),
        tasks.createTaskQuery().count());
    results.check("work at load: incidents", 0, runtime.createIncidentQuery().count());
  }

  private List<String> sample(List<String> from, int n) {
    List<String> copy = new ArrayList<>(from);
    Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(n, copy.size()));
  }

  /** Completes one task of each unit, as its clerk (the superior's for 审核), with the driver pool; times it. */
  private void completeTimed(String figure, Object notice, List<String> units, String taskKey, boolean bySuperior) {
    List<String[]> work = new ArrayList<>();
    for (String unit : units) {
      Task task = tasks.createTaskQuery().processInstanceBusinessKey(notice + "/" + unit).taskDefinitionKey(taskKey)
          .singleResult();
      if (task == null) {
        throw new IllegalStateException(figure + ": no " + taskKey + " for " + notice + "/" + unit);
      }
      String clerkUnit = bySuperior ? tree.node(unit).parent() : unit;
      work.add(new String[] {task.getId(), clerkUnit});
    }
    TaskPool pool = new TaskPool(figure, cfg.drivers);
    CpuMeter.Snapshot cpu0 = cpu.now();
    long t0 = System.nanoTime();
    for (String[] w : work) {
      pool.submit(() -> completeAsClerk(w[1], w[0], taskKey, pool.latencies()));
    }
    pool.awaitIdle();
    pool.shutdown();
    results.rate(figure, pool.done(), (System.nanoTime() - t0) / 1e9, pool.latencies(), cpu0, cpu.now());
    results.check(figure + ": failed", 0, pool.failed());
  }

  // ---- scenario 3: Tasklist's 本单位待办 for a clerk

  private void tasklist() {
    Filter filter = filters.createFilterQuery().filterName(UNIT_TASKS_FILTER).singleResult();
    List<String> columns = new ArrayList<>();
    Object variables = filter.getProperties().get("variables");
    if (variables instanceof List<?> list) {
      list.forEach(c -> columns.add(String.valueOf(((Map<?, ?>) c).get("name"))));
    }
    List<String> clerks = sample(tree.nodes().stream().skip(1).map(NationalTree.Node::code).toList(), cfg.queries);
    for (int i = 0; i < Math.min(20, clerks.size()); i++) {
      tasklistPage(filter.getId(), clerks.get(i), columns);
    }
    Latencies latencies = new Latencies();
    List<long[]> pages = new ArrayList<>();
    CpuMeter.Snapshot cpu0 = cpu.now();
    long t0 = System.nanoTime();
    for (String unit : clerks) {
      long start = System.nanoTime();
      pages.add(tasklistPage(filter.getId(), unit, columns));
      latencies.add(System.nanoTime() - start);
    }
    results.rate("tasklist", clerks.size(), (System.nanoTime() - t0) / 1e9, latencies, cpu0, cpu.now());
    long agreeing = 0;
    long withColumns = 0;
    for (int i = 0; i < clerks.size(); i++) {
      long own = tasks.createTaskQuery().taskCandidateGroup(clerks.get(i)).includeAssignedTasks().active().count();
      long[] page = pages.get(i);
      if (page[1] == own && page[0] == Math.min(15, own) && own > 0) {
        agreeing++;
      }
      if (page[2] == page[0] * columns.size()) { // every column of every task on the page
        withColumns++;
      }
    }
    results.check("tasklist: clerks seeing exactly their unit's open tasks", clerks.size(), agreeing);
    if (clerksSeeColumns()) {
      results.check("tasklist: clerks seeing every column of every task on the page", clerks.size(), withColumns);
    }
  }

  /**
   * One Tasklist list request as the REST API answers it for the webapp: the filter's first page of 15 sorted by
   * creation (newest first, active only), its count, and the filter's variable columns for the tasks on the page.
   * Returns {page size, count, column values found}.
   */
  private long[] tasklistPage(String filterId, String unit, List<String> columns) {
    return asClerk(unit, () -> {
      List<Task> page = filters.listPage(filterId, extendingQuery(), 0, 15);
      long count = filters.count(filterId, extendingQuery());
      long values = 0;
      if (!page.isEmpty() && !columns.isEmpty()) {
        List<String> scopes = new ArrayList<>();
        page.forEach(t -> {
          scopes.add(t.getId());
          scopes.add(t.getExecutionId());
          scopes.add(t.getProcessInstanceId());
        });
        // per task: the columns found on its own scopes (two tasks of one instance share the instance's variables)
        Map<String, Set<String>> byScope = new HashMap<>();
        runtime.createVariableInstanceQuery().disableBinaryFetching().disableCustomObjectDeserialization()
            .variableNameIn(columns.toArray(String[]::new)).variableScopeIdIn(scopes.toArray(String[]::new)).list()
            .forEach(v -> {
              String scope = v.getTaskId() != null ? v.getTaskId() : v.getExecutionId();
              byScope.computeIfAbsent(scope, k -> new HashSet<>()).add(v.getName());
            });
        for (Task t : page) {
          Set<String> names = new HashSet<>();
          for (String scope : List.of(t.getId(), t.getExecutionId(), t.getProcessInstanceId())) {
            names.addAll(byScope.getOrDefault(scope, Set.of()));
          }
          values += names.size();
        }
      }
      return new long[] {page.size(), count, values};
    });
  }

  private TaskQuery extendingQuery() {
    return tasks.createTaskQuery().active().orderByTaskCreateTime().desc();
  }

  // ---- scenario 4: progress at the root and at a province

  private void progress(Object notice) {
    String province = medianProvince();
    long root = progressAtRoot(notice);
    long sub = progressAt(notice, province);
    if (root >= 0) {
      results.check("progress: units at the root", tree.reachable(), root);
      results.check("progress: units at province " + province, subtreeSize(province), sub);
    }
    timedCalls("progressRoot", cfg.progressRuns, () -> progressAtRoot(notice));
    timedCalls("progressProvince", cfg.progressRuns * 5, () -> progressAt(notice, province));
    results.note("progressProvince", province + " (" + subtreeSize(province) + " units)");
  }

  /** Times {@code times} calls, after a few untimed ones so that neither side's first calls are its slowest. */
  private void timedCalls(String figure, int times, Runnable call) {
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      call.run();
    }
    Latencies latencies = new Latencies();
    CpuMeter.Snapshot cpu0 = cpu.now();
    long t0 = System.nanoTime();
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      call.run();
      latencies.add(System.nanoTime() - start);
    }
    results.rate(figure, times, (System.nanoTime() - t0) / 1e9, latencies, cpu0, cpu.now());
  }

  private static final int WARM_UP_CALLS = 5;

  /** The province whose subtree has the median size: a typical one. */
  String medianProvince() {
    List<String> provinces = new ArrayList<>(tree.children(NationalTree.ROOT).stream()
        .filter(c -> c.startsWith("p")).toList());
    provinces.sort((a, b) -> Integer.compare(subtreeSize(a), subtreeSize(b)));
    return provinces.get(provinces.size() / 2);
  }

  int subtreeSize(String code) {
    int n = 1;
    for (String c : tree.children(code)) {
      n += subtreeSize(c);
    }
    return n;
  }

  // ---- scenario 5: escalation (督办) when many reports fall due at once

  /** The unit process's timer for a report past its due date, and the superior's 督办 task it leads to. */
  static final String OVERDUE_TIMER = "Timer_ReportOverdue";
  static final String ESCALATE = "Task_Escalate";

  /**
   * {@code overdueUnits} units of the first notice that have not reported pass their due date at once: their
   * report-overdue timers are set due in one transaction (as if the day had come for all of them), and the job
   * executor fires them. Timers fired per second, and the time until every one of them has its superior's 督办 task.
   */
  private void escalation(Object notice) throws InterruptedException {
    if (engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(unitProcessKey())
        .latestVersion().list().stream().noneMatch(d -> engine.getRepositoryService().getBpmnModelInstance(d.getId())
            .getModelElementById(OVERDUE_TIMER) != null)) {
      results.note("escalation", "not measured: the unit process has no " + OVERDUE_TIMER);
      return;
    }
    List<String> timers = new ArrayList<>(jdbc.queryForList("select j.id_ from act_ru_job j "
        + "join act_ru_jobdef d on d.id_ = j.job_def_id_ join act_ru_execution p on p.id_ = j.process_instance_id_ "
        + "where d.act_id_ = ? and p.business_key_ like ?", String.class, OVERDUE_TIMER, notice + "/%"));
    List<String> due = sample(timers, cfg.overdueUnits);
    long escalatedBefore = tasks.createTaskQuery().taskDefinitionKey(ESCALATE).count();
    Date now = new Date();
    tx.executeWithoutResult(s -> due.forEach(id -> management.setJobDuedate(id, now)));
    CpuMeter.Snapshot cpu0 = cpu.now();
    long t0 = System.nanoTime();
    Date cutoff = new Date(now.getTime() + 1);
    await("escalation: timers fired", () -> due.size()
        - management.createJobQuery().activityId(OVERDUE_TIMER).duedateLowerThan(cutoff).count(), due.size(), null);
    results.rate("escalationTimers", due.size(), (System.nanoTime() - t0) / 1e9, null, cpu0, cpu.now());
    await("escalation: 督办 tasks", () -> tasks.createTaskQuery().taskDefinitionKey(ESCALATE).count() - escalatedBefore,
        due.size(), null);
    results.rate("escalationTasks", due.size(), (System.nanoTime() - t0) / 1e9, null, cpu0, cpu.now());
    results.check("escalation: 督办 tasks", due.size(),
        tasks.createTaskQuery().taskDefinitionKey(ESCALATE).count() - escalatedBefore);
    results.check("escalation: incidents", 0, runtime.createIncidentQuery().count());
  }

  // ---- what the run was on

  Map<String, Object> engineSettings() {
    ProcessEngineConfigurationImpl c = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("history", c.getHistory());
    s.put("authorizationEnabled", c.isAuthorizationEnabled());
    s.put("jdbcBatchProcessing", c.isJdbcBatchProcessing());
    JobExecutor je = c.getJobExecutor();
    s.put("jobExecutorMaxJobsPerAcquisition", je.getMaxJobsPerAcquisition());
    s.put("jobExecutorWaitTimeInMillis", je.getWaitTimeInMillis());
    s.put("jobExecutorMaxWait", je.getMaxWait());
    s.put("jobExecutorLockTimeInMillis", je.getLockTimeInMillis());
    s.put("jobExecutorBackoffTimeInMillis", je.getBackoffTimeInMillis());
    s.put("jobExecutorMaxBackoff", je.getMaxBackoff());
    s.put("jobExecutorBackoffDecreaseThreshold", je.getBackoffDecreaseThreshold());
    s.put("jobExecutorWaitIncreaseFactor", je.getWaitIncreaseFactor());
    s.put("jobExecutorAcquireByDueDate", c.isJobExecutorAcquireByDueDate());
    s.put("jobExecutorPreferTimerJobs", c.isJobExecutorPreferTimerJobs());
    if (je instanceof SpringJobExecutor spring) {
      TaskExecutor executor = spring.getTaskExecutor();
      if (executor instanceof ThreadPoolTaskExecutor pool) {
        s.put("jobExecutorCorePoolSize", pool.getCorePoolSize());
        s.put("jobExecutorMaxPoolSize", pool.getMaxPoolSize());
        s.put("jobExecutorQueueCapacity", pool.getQueueCapacity());
      }
    }
    if (dataSource instanceof HikariDataSource hikari) {
      s.put("connectionPoolSize", hikari.getMaximumPoolSize());
    }
    // a driver setting, however it was given (profile or URL): asked of a connection
    s.put("reWriteBatchedInserts", new JdbcTemplate(dataSource).execute((ConnectionCallback<Boolean>) con ->
        con.unwrap(BaseConnection.class).getQueryExecutor().isReWriteBatchedInsertsEnabled()));
    return s;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", LocalDateTime.now().withNano(0).toString());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", firstLine("/proc/cpuinfo", "model name"));
    m.put("memory", firstLine("/proc/meminfo", "MemTotal"));
    m.put("loadAverageAtStart", firstLine("/proc/loadavg", ""));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return m;
  }

  private static String firstLine(String file, String prefix) {
    try {
      return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst()
          .map(l -> l.contains(":") ? l.substring(l.indexOf(':') + 1).trim() : l.trim()).orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}
