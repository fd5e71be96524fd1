package org.noticecascade.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.cascade.UnitReadProcess;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.orgdirectory.UnitImportService;
import org.noticecascade.progress.ProgressService;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.VersionTwo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Migrating running notices through POST /api/admin/migrations, with the demo logins (password "demo") and the job
 * executor off: the test runs the engine's batch jobs itself, one by one, as the job executor would. The worked
 * example of docs/designers.md: a notice of {@link #units()} units part-way through (units received, acknowledged,
 * reporting, reported, accepted, overdue with their 督办 open, a district waiting for its subordinates) moves to
 * version 2 (宣讲 after 学习贯彻, a renamed report task, a renamed join mapped explicitly). Run on H2 and PostgreSQL
 * by the subclasses.
 */
abstract class MigrationCheck {

  static final String URL = "/api/admin/migrations";

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired TransactionTemplate tx;
  @Autowired UnitImportService units;
  @Autowired ProgressService progress;

  /** How many units the worked example's notice reaches: -Dmigration.units (10,000 in CI's scale run). */
  static int units() {
    return Integer.getInteger("migration.units", 500);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void onlyAdministratorsMigrate() {
    int rows = migrationRows();
    Map<String, Object> dryRun = Map.of("sourceVersion", 1, "targetVersion", 2);
    for (String user : List.of("scclerk", "scleader")) {
      ResponseEntity<JsonNode> post = as(user).postForEntity(URL, dryRun, JsonNode.class);
      assertThat(post.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(post.getBody().get("detail").asText()).contains("仅系统管理员");
      assertThat(as(user).getForEntity(URL + "/1", JsonNode.class).getStatusCode()).as(user)
          .isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(as(user).postForEntity(URL, Map.of("sourceVersion", 1, "targetVersion", 2, "dryRun", false),
          JsonNode.class).getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(anonymous.postForEntity(URL, dryRun, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(migrationRows()).isEqualTo(rows);
    assertThat(engine.getManagementService().createBatchQuery().count()).isZero();
  }

  @Test
  void badRequestsAreRefusedWithTheFieldNamedAndChangeNothing() {
    int rows = migrationRows();
    Map<String, Long> onVersions = instancesPerDefinition();
    Object[][] bad = {
        {Map.of(), "sourceVersion", "必填"},
        {Map.of("sourceVersion", 1), "targetVersion", "必填"},
        {Map.of("sourceVersion", 0, "targetVersion", 2), "sourceVersion", "正整数"},
        {Map.of("sourceVersion", 1, "targetVersion", 1), "targetVersion", "不能与源版本相同"},
        {Map.of("sourceVersion", 1, "targetVersion", 2, "noticeIds", List.of()), "noticeIds", "不能为空"},
        {Map.of("sourceVersion", 1, "targetVersion", 2, "noticeIds", List.of(5, 5)), "noticeIds[1]", "重复"},
        {Map.of("sourceVersion", 1, "targetVersion", 2, "noticeIds", List.of(-3)), "noticeIds[0]", "正整数"},
        {Map.of("sourceVersion", 1, "targetVersion", 2, "mappings", Map.of("Task_Study", "<script>")),
            "mappings.Task_Study", "不是有效的活动 id"},
        {Map.of("sourceVersion", "一", "targetVersion", 2), "sourceVersion", ""},
        {Map.of("sourceVersion", 1, "targetVersion", 2, "dryrun", false), "dryrun", "没有这个字段"},
    };
    for (Object[] b : bad) {
      for (boolean dryRun : new boolean[] {true, false}) {
        Map<String, Object> body = new HashMap<>(castMap(b[0]));
        body.putIfAbsent("dryRun", dryRun);
        if (body.containsKey("dryrun")) {
          body.remove("dryRun");
        }
        ResponseEntity<JsonNode> r = as("admin").postForEntity(URL, body, JsonNode.class);
        assertThat(r.getStatusCode()).as(body.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem(r, (String) b[1])).as(body + " → " + r.getBody()).contains((String) b[2]);
      }
    }
    // versions and notices that do not exist: 404
    ResponseEntity<JsonNode> noVersion = as("admin").postForEntity(URL,
        Map.of("sourceVersion", 1, "targetVersion", 99, "dryRun", false), JsonNode.class);
    assertThat(noVersion.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(noVersion.getBody().get("detail").asText()).contains("没有第 99 版");
    ResponseEntity<JsonNode> noNotice = as("admin").postForEntity(URL,
        Map.of("sourceVersion", 1, "targetVersion", 2, "noticeIds", List.of(987654321)), JsonNode.class);
    assertThat(noNotice.getStatusCode()).as(String.valueOf(noNotice.getBody())).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(noNotice.getBody().get("detail").asText()).contains("通知 987654321 不存在");
    assertThat(as("admin").getForEntity(URL + "/987654321", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    assertThat(migrationRows()).isEqualTo(rows);
    assertThat(engine.getManagementService().createBatchQuery().count()).isZero();
    assertThat(instancesPerDefinition()).isEqualTo(onVersions);
  }

  @Test
  void workedExampleMigratesAMidWayNoticeToVersionTwoAndItCarriesOn() {
    long started = System.nanoTime();
    Tree tree = Tree.of(units());
    tx.executeWithoutResult(s -> units.importCsv(tree.csv().getBytes(StandardCharsets.UTF_8)));
    CascadeDriver driver = new CascadeDriver(engine);
    ProcessDefinition v1 = latest(UNIT_CASCADE_KEY);
    ProcessInstance notice = driver.startNotice("迁工发〔2026〕1号", "mg", List.of("LOCAL_FEDERATION"), List.of(), true,
        false, CascadeDriver.copiedTo("mgdept"));
    long id = driver.noticeId(notice);

    // cities and districts acknowledge and relay; one district also studies, reports and is accepted: it then
    // waits at the join for its grassroots unions
    for (String city : tree.cities()) {
      ProcessInstance pi = driver.unitInstance(id, city);
      driver.acknowledge(pi);
      driver.relay(pi, List.of("LOCAL_FEDERATION"), List.of());
    }
    for (String district : tree.districts()) {
      ProcessInstance pi = driver.unitInstance(id, district);
      driver.acknowledge(pi);
      driver.relay(pi, List.of("GRASSROOTS_UNION"), List.of());
    }
    ProcessInstance joined = driver.unitInstance(id, tree.districts().get(0));
    driver.study(joined, 40, false);
    driver.report(joined, "本区已组织学习");
    driver.accept(joined);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(joined.getId())
        .activityIdIn(VersionTwo.OLD_JOIN).count()).isEqualTo(1);

    // grassroots unions in ten groups: 0-2 received, 3-4 and 9 acknowledged (at 学习贯彻), 5-6 reporting, 7 reported
    // (awaiting review), 8 accepted; group 9 will be overdue with its 督办 open
    List<Task> received = unitTasks(id, TASK_ACKNOWLEDGE);
    assertThat(received).hasSize(tree.grassroots());
    Map<String, Integer> group = new HashMap<>();
    for (int i = 0; i < received.size(); i++) {
      group.put(received.get(i).getProcessInstanceId(), i % 10);
    }
    completeWhere(id, TASK_ACKNOWLEDGE, group, g -> g >= 3, CascadeDriver.acknowledgeForm());
    completeWhere(id, TASK_STUDY, group, g -> g >= 5 && g <= 8, CascadeDriver.studyForm(25, false));
    completeWhere(id, TASK_REPORT, group, g -> g == 7 || g == 8, CascadeDriver.reportForm("已组织学习"));
    completeWhere(id, TASK_REVIEW, group, g -> g == 8, CascadeDriver.acceptForm());
    driver.runJobs();

    // a month on: group 9's overdue timers fire (逾期, 督办 to their district); every other timer is due but waits
    CascadeDriver.clock(LocalDate.now(EngineClock.zone()).plusDays(30) + "T10:00:00");
    int overdue = 0;
    for (Map.Entry<String, Integer> e : group.entrySet()) {
      if (e.getValue() == 9) {
        Job timer = engine.getManagementService().createJobQuery().processInstanceId(e.getKey())
            .activityId(TIMER_REPORT_OVERDUE).singleResult();
        engine.getManagementService().executeJob(timer.getId());
        overdue++;
      }
    }
    runAsyncContinuations();
    List<Task> escalations = unitTasks(id, TASK_ESCALATE);
    assertThat(escalations).hasSize(overdue);
    long setUp = System.nanoTime();

    // what must not change
    ProgressService.Counts totals = progress.progress(id, null, 0).totals();
    Map<String, String> timers = timers(id);
    Map<String, String> escalationTasks = describe(escalations);
    long unitInstances = instances(UNIT_CASCADE_KEY, v1.getId(), id);
    assertThat(unitInstances).isEqualTo(tree.total() - tree.grassroots() / 10);
    String sampleInstance = escalations.get(0).getProcessInstanceId();
    long sampleGrants = grants(sampleInstance);
    assertThat(sampleGrants).isPositive();
    Task reporting = unitTasks(id, TASK_REPORT).get(0);

    int rowsBefore = migrationRows();
    org.camunda.bpm.engine.repository.Deployment v2 = VersionTwo.deploy(engine.getRepositoryService());
    int source = v1.getVersion();
    int target = latest(UNIT_CASCADE_KEY).getVersion();
    assertThat(target).isEqualTo(source + 1);

    // dry run without the renamed join: the plan says what cannot be mapped, and nothing changes
    ResponseEntity<JsonNode> unmapped = as("admin").postForEntity(URL, Map.of("sourceVersion", source,
        "targetVersion", target, "noticeIds", List.of(id)), JsonNode.class);
    assertThat(unmapped.getStatusCode()).as(String.valueOf(unmapped.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(unmapped.getBody().get("executable").asBoolean()).isFalse();
    JsonNode unitPlan = process(unmapped.getBody(), UNIT_CASCADE_KEY);
    assertThat(unitPlan.get("problems").toString()).contains(VersionTwo.OLD_JOIN).contains("1 个实例");
    // and executing it is refused, naming the same, with no batch and no record
    ResponseEntity<JsonNode> refused = as("admin").postForEntity(URL, Map.of("sourceVersion", source,
        "targetVersion", target, "noticeIds", List.of(id), "dryRun", false), JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().toString()).contains(VersionTwo.OLD_JOIN);
    assertThat(engine.getManagementService().createBatchQuery().count()).isZero();
    assertThat(migrationRows()).isEqualTo(rowsBefore);

    Map<String, Object> request = new LinkedHashMap<>(Map.of("sourceVersion", source, "targetVersion", target,
        "noticeIds", List.of(id), "mappings", Map.of(VersionTwo.OLD_JOIN, VersionTwo.NEW_JOIN)));
    ResponseEntity<JsonNode> dry = as("admin").postForEntity(URL, request, JsonNode.class);
    assertThat(dry.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode plan = dry.getBody();
    assertThat(plan.get("executable").asBoolean()).as(plan.toString()).isTrue();
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    unitPlan = process(plan, UNIT_CASCADE_KEY);
    assertThat(unitPlan.get("instances").asLong()).isEqualTo(unitInstances);
    assertThat(unitPlan.get("instructions").toString())
        .contains("{\"source\":\"Task_Report\",\"sourceName\":\"报告落实情况\",\"target\":\"Task_Report\","
            + "\"targetName\":\"报告学习宣讲落实情况\",\"updateEventTrigger\":false}")
        .contains("{\"source\":\"Gateway_RelayJoin\",\"sourceName\":\"Gateway_RelayJoin\","
            + "\"target\":\"Gateway_SubordinatesJoin\",\"targetName\":\"本单位与下级均已办结\"");
    assertThat(unitPlan.get("newInTarget").toString()).contains("{\"id\":\"Task_Publicize\",\"name\":\"宣讲\"}");
    assertThat(unitPlan.get("activeActivities").toString())
        .contains("\"activityId\":\"Task_Escalate\",\"name\":\"督办逾期单位\",\"instances\":" + overdue + ",\"mapped\":true");
    assertThat(unitPlan.get("instanceFailures")).isEmpty();
    assertThat(process(plan, NoticeProcess.KEY).get("instances").asLong()).isEqualTo(1);
    assertThat(process(plan, UnitReadProcess.KEY).get("instances").asLong()).isEqualTo(1);
    assertThat(instances(UNIT_CASCADE_KEY, v1.getId(), id)).as("a dry run changes nothing").isEqualTo(unitInstances);
    long dryRunDone = System.nanoTime();

    // execute: 202, one batch per process, run by the (here: the test's) job executor
    request.put("dryRun", false);
    ResponseEntity<JsonNode> accepted = as("admin").postForEntity(URL, request, JsonNode.class);
    assertThat(accepted.getStatusCode()).as(String.valueOf(accepted.getBody())).isEqualTo(HttpStatus.ACCEPTED);
    long migration = accepted.getBody().get("id").asLong();
    assertThat(accepted.getHeaders().getLocation()).hasToString(URL + "/" + migration);
    assertThat(accepted.getBody().get("status").asText()).isEqualTo("running");
    assertThat(accepted.getBody().get("requestedBy").asText()).isEqualTo("admin");
    int batchJobs = runBatches();
    JsonNode status = as("admin").getForObject(URL + "/" + migration, JsonNode.class);
    assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("completed");
    for (JsonNode p : status.get("processes")) {
      assertThat(p.get("finished").asBoolean()).isTrue();
      assertThat(p.get("failedJobs").asInt()).isZero();
      assertThat(p.get("incidents").asInt()).isZero();
      assertThat(p.get("stillOnSource").asLong()).isZero();
      assertThat(p.get("completedJobs").asInt()).isEqualTo(p.get("totalJobs").asInt()).isPositive();
    }
    long migrated = System.nanoTime();

    // every instance is on version 2; timers, 督办 tasks, progress and grants are as they were; no incident
    ProcessDefinition v2Units = latest(UNIT_CASCADE_KEY);
    assertThat(v2Units.getDeploymentId()).isEqualTo(v2.getId());
    assertThat(instances(UNIT_CASCADE_KEY, v1.getId(), id)).isZero();
    assertThat(instances(UNIT_CASCADE_KEY, v2Units.getId(), id)).isEqualTo(unitInstances);
    assertThat(deploymentOf(engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(notice.getId()).singleResult())).isEqualTo(v2.getId());
    assertThat(deploymentOf(driver.ccInstance(id, "mgdept"))).isEqualTo(v2.getId());
    // every timer that was waiting is kept, with its due date
    Map<String, String> timersAfter = timers(id);
    assertThat(timersAfter).containsAllEntriesOf(timers);
    // Camunda re-arms the target's one-shot timers an instance has no job for, among them the non-interrupting 逾期
    // timer that has already fired, due at once: run, each finds its event fired before and does nothing
    // (migration.FiredTimersStayFired), so no unit is marked overdue or escalated (督办) twice
    Map<String, String> rearmed = new TreeMap<>(timersAfter);
    rearmed.keySet().removeAll(timers.keySet());
    assertThat(rearmed.values()).hasSize(overdue).allMatch(t -> t.contains(" " + TIMER_REPORT_OVERDUE + " "));
    rearmed.keySet().forEach(job -> engine.getManagementService().executeJob(job));
    assertThat(timers(id)).isEqualTo(timers);
    assertThat(describe(unitTasks(id, TASK_ESCALATE))).isEqualTo(escalationTasks);
    assertThat(progress.progress(id, null, 0).totals()).isEqualTo(totals);
    assertThat(grants(sampleInstance)).isEqualTo(sampleGrants);
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(joined.getId())
        .activityIdIn(VersionTwo.NEW_JOIN).count()).isEqualTo(1);
    // a migrated report task reads its form from the v2 deployment
    assertThat(form(reporting.getId())).contains(VersionTwo.REPORT_FORM_HEADING);

    // and the units carry on: a unit at 学习贯彻 gets v2's 宣讲 and the renamed report task, and is accepted
    String studying = firstOf(group, 3);
    complete(studying, TASK_STUDY, CascadeDriver.studyForm(30, false));
    Task publicize = task(studying, VersionTwo.TASK_PUBLICIZE);
    assertThat(publicize.getName()).isEqualTo("宣讲");
    assertThat(form(publicize.getId())).contains("宣讲情况");
    complete(studying, VersionTwo.TASK_PUBLICIZE, Map.of("publicizeDate", EngineClock.today().toString(),
        "publicizeAudience", 120, "publicizeSummary", "面向全体职工宣讲通知精神"));
    assertThat(task(studying, TASK_REPORT).getName()).isEqualTo(VersionTwo.REPORT_NAME);
    complete(studying, TASK_REPORT, CascadeDriver.reportForm("已学习并宣讲"));
    complete(studying, TASK_REVIEW, CascadeDriver.acceptForm());
    // one still at 签收 acknowledges; a reported one is accepted; a 督办 is handled
    String receivedOne = firstOf(group, 0);
    complete(receivedOne, TASK_ACKNOWLEDGE, CascadeDriver.acknowledgeForm());
    assertThat(task(receivedOne, TASK_STUDY)).isNotNull();
    String reported = firstOf(group, 7);
    complete(reported, TASK_REVIEW, CascadeDriver.acceptForm());
    engine.getTaskService().complete(escalations.get(0).getId(), Map.of(ESCALATION_NOTE, "已电话督促，承诺三日内报告"));
    runAsyncContinuations();
    for (String ended : List.of(studying, reported)) {
      assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(ended)
          .singleResult().getEndTime()).isNotNull();
    }
    ProgressService.Counts after = progress.progress(id, null, 0).totals();
    assertThat(after.accepted()).isEqualTo(totals.accepted() + 2);
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
    long carriedOn = System.nanoTime();

    System.out.printf("migration worked example, %d units (%d unit instances, %d batch jobs): set-up %.1f s, "
            + "dry runs %.1f s, migration %.1f s, carrying on %.1f s%n", tree.total(), unitInstances, batchJobs,
        (setUp - started) / 1e9, (dryRunDone - setUp) / 1e9, (migrated - dryRunDone) / 1e9,
        (carriedOn - migrated) / 1e9);
  }

  // --- the org tree: a province, its cities and districts, grassroots unions under each district, a department

  record Tree(List<String> cities, List<String> districts, int grassroots, String csv) {

    static Tree of(int units) {
      int cities = units >= 5_000 ? 10 : 4;
      int districtsPerCity = units >= 5_000 ? 10 : 5;
      int perDistrict = Math.max(1, (units - cities - cities * districtsPerCity) / (cities * districtsPerCity));
      StringBuilder csv = new StringBuilder("code,name,kind,parentCode\nmg,迁移省总工会,LOCAL_FEDERATION,\n"
          + "mgdept,迁移省总办公室,INTERNAL_DEPARTMENT,mg\n");
      List<String> cityCodes = new ArrayList<>();
      List<String> districtCodes = new ArrayList<>();
      for (int c = 0; c < cities; c++) {
        String city = "mgc" + c;
        cityCodes.add(city);
        csv.append(city).append(",迁移市").append(c).append("总工会,LOCAL_FEDERATION,mg\n");
        for (int d = 0; d < districtsPerCity; d++) {
          String district = city + "d" + d;
          districtCodes.add(district);
          csv.append(district).append(",迁移区").append(c).append('-').append(d).append("总工会,LOCAL_FEDERATION,")
              .append(city).append('\n');
          for (int g = 0; g < perDistrict; g++) {
            csv.append(district).append('g').append(g).append(",迁移基层工会").append(c).append('-').append(d)
                .append('-').append(g).append(",GRASSROOTS_UNION,").append(district).append('\n');
          }
        }
      }
      return new Tree(cityCodes, districtCodes, cities * districtsPerCity * perDistrict, csv.toString());
    }

    int total() {
      return cities.size() + districts.size() + grassroots;
    }
  }

  // --- helpers

  static final String UNIT_CASCADE_KEY = KEY;

  TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  private int migrationRows() {
    return jdbc.queryForObject("select count(*) from process_migration", Integer.class);
  }

  private Map<String, Long> instancesPerDefinition() {
    return engine.getRuntimeService().createProcessInstanceQuery().list().stream()
        .collect(Collectors.groupingBy(ProcessInstance::getProcessDefinitionId, TreeMap::new, Collectors.counting()));
  }

  private ProcessDefinition latest(String key) {
    return engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
        .singleResult();
  }

  private String deploymentOf(ProcessInstance pi) {
    return engine.getRepositoryService().getProcessDefinition(pi.getProcessDefinitionId()).getDeploymentId();
  }

  private long instances(String key, String definitionId, long noticeId) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(key)
        .processDefinitionId(definitionId).variableValueEquals(NOTICE_ID, noticeId).count();
  }

  private List<Task> unitTasks(long noticeId, String taskKey) {
    return engine.getTaskService().createTaskQuery().processDefinitionKey(UNIT_CASCADE_KEY)
        .processVariableValueEquals(NOTICE_ID, noticeId).taskDefinitionKey(taskKey).orderByTaskId().asc().list();
  }

  private void completeWhere(long noticeId, String taskKey, Map<String, Integer> group,
      java.util.function.IntPredicate which, Map<String, Object> form) {
    for (Task t : unitTasks(noticeId, taskKey)) {
      Integer g = group.get(t.getProcessInstanceId());
      if (g != null && which.test(g)) {
        engine.getTaskService().complete(t.getId(), form);
      }
    }
  }

  private static String firstOf(Map<String, Integer> group, int g) {
    return group.entrySet().stream().filter(e -> e.getValue() == g).map(Map.Entry::getKey).sorted().findFirst()
        .orElseThrow();
  }

  private Task task(String processInstanceId, String taskKey) {
    return engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey)
        .singleResult();
  }

  /** Completes the task, then runs what follows it (async continuations only: the due timers wait). */
  private void complete(String processInstanceId, String taskKey, Map<String, Object> form) {
    Task t = task(processInstanceId, taskKey);
    assertThat(t).as(taskKey + " in " + processInstanceId).isNotNull();
    engine.getTaskService().complete(t.getId(), form);
    runAsyncContinuations();
  }

  private void runAsyncContinuations() {
    while (true) {
      List<Job> jobs = engine.getManagementService().createJobQuery().messages().executable().listPage(0, 100);
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(j -> engine.getManagementService().executeJob(j.getId()));
    }
  }

  /** Runs the migration batches' jobs (seed, migration, monitor) until the engine has removed every batch. */
  private int runBatches() {
    int executed = 0;
    for (int round = 0; round < 100_000; round++) {
      List<Batch> batches = engine.getManagementService().createBatchQuery().list();
      if (batches.isEmpty()) {
        return executed;
      }
      for (Batch b : batches) {
        List<Job> jobs = engine.getManagementService().createJobQuery().jobDefinitionId(b.getSeedJobDefinitionId())
            .list();
        jobs = new ArrayList<>(jobs);
        jobs.addAll(engine.getManagementService().createJobQuery().jobDefinitionId(b.getBatchJobDefinitionId())
            .withRetriesLeft().listPage(0, 500));
        if (jobs.isEmpty()) {
          jobs = engine.getManagementService().createJobQuery().jobDefinitionId(b.getMonitorJobDefinitionId()).list();
        }
        for (Job j : jobs) {
          engine.getManagementService().executeJob(j.getId());
          executed++;
        }
      }
    }
    throw new IllegalStateException("batches never end");
  }

  /** Every timer job of the notice's unit instances: job id → instance, activity and due date. */
  private Map<String, String> timers(long noticeId) {
    Set<String> ids = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(UNIT_CASCADE_KEY)
        .variableValueEquals(NOTICE_ID, noticeId).list().stream().map(ProcessInstance::getId)
        .collect(Collectors.toSet());
    Map<String, String> activities = engine.getManagementService().createJobDefinitionQuery().list().stream()
        .collect(Collectors.toMap(JobDefinition::getId, JobDefinition::getActivityId));
    Map<String, String> timers = new TreeMap<>();
    for (Job j : engine.getManagementService().createJobQuery().timers().list()) {
      if (ids.contains(j.getProcessInstanceId())) {
        timers.put(j.getId(), j.getProcessInstanceId() + " " + activities.get(j.getJobDefinitionId()) + " "
            + j.getDuedate().getTime());
      }
    }
    assertThat(timers).isNotEmpty();
    return timers;
  }

  private static Map<String, String> describe(List<Task> tasks) {
    Map<String, String> d = new TreeMap<>();
    tasks.forEach(t -> d.put(t.getId(), t.getProcessInstanceId() + " " + t.getName() + " " + t.getDueDate() + " "
        + t.getCreateTime().getTime()));
    return d;
  }

  private long grants(String processInstanceId) {
    return engine.getAuthorizationService().createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE)
        .resourceId(processInstanceId).count();
  }

  private String form(String taskId) {
    try (InputStream in = engine.getFormService().getDeployedTaskForm(taskId)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode process(JsonNode answer, String key) {
    for (JsonNode p : answer.get("processes")) {
      if (p.get("processKey").asText().equals(key)) {
        return p;
      }
    }
    throw new AssertionError("no process " + key + " in " + answer);
  }

  /** The messages of the problems the answer names for this field. */
  private static String problem(ResponseEntity<JsonNode> r, String field) {
    StringBuilder messages = new StringBuilder();
    for (JsonNode e : r.getBody().path("errors")) {
      if (e.get("field").asText().equals(field)) {
        messages.append(e.get("message").asText()).append('|');
      }
    }
    assertThat(messages).as("a problem with " + field + " in " + r.getBody()).isNotEmpty();
    return messages.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }
}
