package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.orgdirectory.UnitImportService;
import org.noticecascade.progress.ProgressService;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A generated tree of 2,011 units (a province, 10 cities, 100 districts, 1,900 grassroots unions) cascades
 * completely, every task completed through the engine API as clerks would, and every unit is reached exactly once.
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class GeneratedTreeCascadeTest {

  static final int CITIES = 10;
  static final int DISTRICTS_PER_CITY = 10;
  static final int GRASSROOTS_PER_DISTRICT = 19;

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final TaskService tasks = engine.getTaskService();
  private final CascadeDriver driver = new CascadeDriver(engine);

  private static String tree() {
    StringBuilder csv = new StringBuilder("code,name,kind,parentCode\ngp,生成省总工会,LOCAL_FEDERATION,\n");
    for (int c = 0; c < CITIES; c++) {
      csv.append("gc").append(c).append(",生成市").append(c).append("总工会,LOCAL_FEDERATION,gp\n");
      for (int d = 0; d < DISTRICTS_PER_CITY; d++) {
        String district = "gc" + c + "d" + d;
        csv.append(district).append(",生成区").append(c).append('-').append(d).append("总工会,LOCAL_FEDERATION,gc").append(c).append('\n');
        for (int g = 0; g < GRASSROOTS_PER_DISTRICT; g++) {
          csv.append(district).append('g').append(g).append(",基层工会").append(c).append('-').append(d).append('-').append(g)
              .append(",GRASSROOTS_UNION,").append(district).append('\n');
        }
      }
    }
    return csv.toString();
  }

  @Test
  void everyUnitOfAGeneratedTreeIsReachedExactlyOnceAndReports() {
    TransactionTemplate tx = EngineTestContext.context().getBean(TransactionTemplate.class);
    tx.executeWithoutResult(s -> EngineTestContext.context().getBean(UnitImportService.class)
        .importCsv(tree().getBytes(StandardCharsets.UTF_8)));
    int expected = CITIES + CITIES * DISTRICTS_PER_CITY + CITIES * DISTRICTS_PER_CITY * GRASSROOTS_PER_DISTRICT;

    ProcessInstance notice = driver.startNotice("生工发〔2026〕1号", "gp", List.of("LOCAL_FEDERATION"), List.of(), true, false);
    long id = driver.noticeId(notice);

    // clerks work level by level until no task is left: acknowledge, relay to every subordinate, study, report, accept
    int completed = 0;
    while (true) {
      // the units' tasks (the issuer's standing 通知办理跟踪 stays open until the notice is closed)
      List<Task> open = tasks.createTaskQuery().processDefinitionKey(KEY).processVariableValueEquals(NOTICE_ID, id)
          .listPage(0, 500);
      if (open.isEmpty()) {
        break;
      }
      for (Task task : open) {
        tasks.complete(task.getId(), variablesFor(task));
        completed++;
      }
      driver.runJobs();
    }

    JdbcTemplate jdbc = EngineTestContext.context().getBean(org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate.class).getJdbcTemplate();
    assertThat(jdbc.queryForObject("select count(*) from cascade_unit where notice_id = ?", Integer.class, id))
        .isEqualTo(expected);
    assertThat(jdbc.queryForObject("select count(distinct unit_code) from cascade_unit where notice_id = ?",
        Integer.class, id)).isEqualTo(expected);
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(KEY)
        .variableValueEquals(NOTICE_ID, id).count()).isEqualTo(expected);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(KEY)
        .variableValueEquals(NOTICE_ID, id).count()).isZero();
    ProgressService.Counts totals = EngineTestContext.context().getBean(ProgressService.class).progress(id, null, 0).totals();
    assertThat(totals).isEqualTo(new ProgressService.Counts(expected, expected, CITIES + CITIES * DISTRICTS_PER_CITY,
        expected, expected, 0, expected));
    // acknowledge + study + report + review for every unit, and relay for every city and district
    assertThat(completed).isEqualTo(4 * expected + CITIES + CITIES * DISTRICTS_PER_CITY);
  }

  private Map<String, Object> variablesFor(Task task) {
    Map<String, Object> v = new HashMap<>();
    switch (task.getTaskDefinitionKey()) {
      case TASK_RELAY -> {
        // cities relay to their districts, districts to their grassroots unions
        String unit = (String) tasks.getVariable(task.getId(), UNIT_CODE);
        String kind = unit.contains("d") ? "GRASSROOTS_UNION" : "LOCAL_FEDERATION";
        v.put(RELAY_KINDS, SpinValues.jsonValue("[\"" + kind + "\"]").create());
        v.put(RELAY_DUE_DATE, CascadeDriver.dueDate().minusDays(3).toString());
      }
      case TASK_STUDY -> {
        v.put(STUDY_FORM, "training");
        v.put(STUDY_DATE, EngineClock.today().toString());
        v.put(PARTICIPANTS, 12);
        v.put(STUDY_SUMMARY, "集中学习");
        v.put(MORE_STUDY, false);
      }
      case TASK_REPORT -> {
        v.put(REPORT_TEXT, "已完成");
        v.put(REPORT_ACTIVITY_COUNT, 1);
        v.put(REPORT_PARTICIPANT_COUNT, 12);
      }
      case TASK_REVIEW -> v.put(REVIEW_DECISION, ACCEPT);
      default -> { }
    }
    return v;
  }
}
