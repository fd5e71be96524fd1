package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.form.InputException;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.progress.ProgressService;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Who must report (the notice's reportingKinds and reportingUnits, the relaying unit's 需报告 or 仅传达学习), a unit
 * that keeps the notice to itself (本单位学习，不再下发), and study before relay (先学一步).
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class ReportingChoicesProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final ProgressService progress = EngineTestContext.context().getBean(ProgressService.class);
  private final NamedParameterJdbcTemplate jdbc = EngineTestContext.context().getBean(NamedParameterJdbcTemplate.class);
  private static int docCounter;

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private static String docNumber() {
    return "测工报〔2026〕" + (++docCounter) + "号-" + System.nanoTime();
  }

  /** The test province's four children: tcity1 and tcity2 (地方总工会), tind (产业工会), tdept (机关部门). */
  private long issueToAll(List<String> reportingKinds, List<String> reportingUnits, boolean grassroots) {
    ProcessInstance notice = driver.startNotice(docNumber(), "tprov",
        List.of("LOCAL_FEDERATION", "INDUSTRY_UNION", "INTERNAL_DEPARTMENT"), List.of(), grassroots, false,
        CascadeDriver.reporting(reportingKinds, reportingUnits));
    return driver.noticeId(notice);
  }

  private Boolean mustReportColumn(long noticeId, String unit) {
    return jdbc.queryForObject("select must_report from cascade_unit where notice_id = :n and unit_code = :u",
        Map.of("n", noticeId, "u", unit), Boolean.class);
  }

  private int mustReportRecounted(long noticeId) {
    return jdbc.queryForObject("select count(*) from cascade_unit where notice_id = :n and must_report",
        Map.of("n", noticeId), Integer.class);
  }

  private boolean hasTask(ProcessInstance pi, String key) {
    return driver.task(pi, key) != null;
  }

  @Test
  void withoutAReportingRuleEveryAddresseeMustReport() {
    long id = issueToAll(List.of(), List.of(), false);
    for (String unit : List.of("tcity1", "tcity2", "tind", "tdept")) {
      assertThat(driver.mustReport(driver.unitInstance(id, unit))).as(unit).isTrue();
      assertThat(mustReportColumn(id, unit)).as(unit).isTrue();
    }
    assertThat(progress.progress(id, null, null).totals().mustReport()).isEqualTo(4);
  }

  @Test
  void addresseesMustReportByKindOrByUnitAndTheOthersOnlyStudy() {
    // as 云工通〔2023〕7号: addressed to four kinds, only 地方总工会 (by kind) and one unit named must report
    long id = issueToAll(List.of("LOCAL_FEDERATION"), List.of("tdept"), false);
    assertThat(driver.mustReport(driver.unitInstance(id, "tcity1"))).isTrue();
    assertThat(driver.mustReport(driver.unitInstance(id, "tcity2"))).isTrue();
    assertThat(driver.mustReport(driver.unitInstance(id, "tdept"))).isTrue();
    assertThat(driver.mustReport(driver.unitInstance(id, "tind"))).isFalse();
    assertThat(mustReportColumn(id, "tind")).isFalse();

    // by unit alone
    long byUnit = issueToAll(List.of(), List.of("tind"), false);
    assertThat(driver.mustReport(driver.unitInstance(byUnit, "tind"))).isTrue();
    assertThat(driver.mustReport(driver.unitInstance(byUnit, "tcity1"))).isFalse();
    assertThat(driver.mustReport(driver.unitInstance(byUnit, "tdept"))).isFalse();

    // 应报告 counts the units that must report, as a recount of the rows does
    ProgressService.Progress p = progress.progress(id, null, null);
    assertThat(p.totals().reached()).isEqualTo(4);
    assertThat(p.totals().mustReport()).isEqualTo(3).isEqualTo(mustReportRecounted(id));
    assertThat(progress.progress(byUnit, null, null).totals().mustReport()).isEqualTo(1);
  }

  @Test
  void aReportingUnitThatIsNotAnAddresseeIsRefusedByName() {
    long before = jdbc.queryForObject("select count(*) from notice", Map.of(), Long.class);
    assertThatThrownBy(() -> driver.startNotice(docNumber(), "tprov", List.of("INDUSTRY_UNION"), List.of(), false,
        false, CascadeDriver.reporting(List.of(), List.of("tcity1"))))
        .isInstanceOf(InputException.class).hasMessageContaining("tcity1").hasMessageContaining("不是本通知的主送单位");
    assertThatThrownBy(() -> driver.startNotice(docNumber(), "tprov", List.of("INDUSTRY_UNION"), List.of(), false,
        false, CascadeDriver.reporting(List.of("SPACE_UNION"), List.of())))
        .isInstanceOf(InputException.class).hasMessageContaining("需报告的单位类别");
    assertThat(jdbc.queryForObject("select count(*) from notice", Map.of(), Long.class)).isEqualTo(before);
  }

  @Test
  void aUnitThatNeedNotReportStudiesAndIsDoneWithoutReportOrReview() {
    long id = issueToAll(List.of("LOCAL_FEDERATION"), List.of(), false);
    ProcessInstance ind = driver.unitInstance(id, "tind");
    driver.acknowledge(ind);
    driver.study(ind, 20, false);
    assertThat(ind).isEnded().hasPassed(GATEWAY_MUST_REPORT).hasNotPassed(TASK_REPORT, TASK_REVIEW);
    assertThat(jdbc.queryForObject("select status from cascade_unit where notice_id = :n and unit_code = 'tind'",
        Map.of("n", id), String.class)).isEqualTo("studied");
  }

  @Test
  void aUnitThatNeedNotReportIsNeitherRemindedNorMarkedOverdueNorEscalated() {
    CascadeDriver.clock("2026-11-16T10:00:00"); // a Monday
    ProcessInstance notice = driver.startNotice(docNumber(), "tprov", List.of("INDUSTRY_UNION", "INTERNAL_DEPARTMENT"),
        List.of(), false, false, withDue(CascadeDriver.reporting(List.of("INTERNAL_DEPARTMENT"), List.of()),
            "2026-11-27"));
    long id = driver.noticeId(notice);
    ProcessInstance ind = driver.unitInstance(id, "tind");
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.acknowledge(ind);
    driver.acknowledge(dept);
    // past the due-soon and overdue timers with neither unit studied: only the one that must report is chased
    for (String at : List.of("2026-11-25T09:01:00", "2026-11-30T09:01:00")) {
      CascadeDriver.clock(at);
      driver.runJobs();
    }
    assertThat(ind).hasPassed(END_DUE_SOON_NOT_REQUIRED, END_OVERDUE_NOT_REQUIRED)
        .hasNotPassed(TASK_REMIND_DUE_SOON, TASK_MARK_OVERDUE).isWaitingAt(TASK_STUDY);
    assertThat(hasTask(ind, TASK_ESCALATE)).isFalse();
    assertThat(driver.timer(ind, TIMER_DAILY_REMINDER)).isNull();
    Map<String, Object> indRow = row(id, "tind");
    assertThat(indRow.get("OVERDUE_AT")).isNull();
    assertThat(((Number) indRow.get("REMINDERS_SENT")).intValue()).isZero();

    assertThat(dept).hasPassed(TASK_REMIND_DUE_SOON, TASK_MARK_OVERDUE);
    assertThat(hasTask(dept, TASK_ESCALATE)).isTrue();
    assertThat(row(id, "tdept").get("OVERDUE_AT")).isNotNull();
    assertThat(progress.progress(id, null, null).figures().overdue()).isEqualTo(1);
  }

  @Test
  void relayWithInformOnlyLetsTheSubordinatesStudyWithoutReporting() {
    long id = issueToAll(List.of(), List.of(), false);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    driver.relayInformOnly(city, List.of("LOCAL_FEDERATION"), List.of());
    ProcessInstance dist1 = driver.unitInstance(id, "tdist1");
    ProcessInstance dist2 = driver.unitInstance(id, "tdist2");
    assertThat(driver.mustReport(dist1)).isFalse();
    assertThat(mustReportColumn(id, "tdist2")).isFalse();
    // the relaying unit itself still reports
    assertThat(driver.mustReport(city)).isTrue();

    driver.study(city, 30, false);
    // the city's report form tells which of its subordinates only study
    assertThat((String) engine.getTaskService().getVariable(driver.task(city, TASK_REPORT).getId(),
        SUBORDINATE_REPORTS)).contains("测试甲市一区总工会：已收文（仅学习，无需报告）");
    driver.report(city, "已传达至各区");
    driver.accept(city);
    // accepted, and still waiting for its subordinates' study
    assertThat(city).isActive();
    for (ProcessInstance dist : List.of(dist1, dist2)) {
      driver.acknowledge(dist);
      driver.study(dist, 10, false);
      assertThat(dist).isEnded().hasNotPassed(TASK_REPORT);
    }
    assertThat(city).isEnded();
    // no review task ever reached the city for its districts
    for (ProcessInstance dist : List.of(dist1, dist2)) {
      assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskDefinitionKey(TASK_REVIEW)
          .processInstanceId(dist.getId()).count()).isZero();
    }
    ProgressService.Counts cityCounts = progress.progress(id, "tcity1", null).totals();
    assertThat(cityCounts.reached()).isEqualTo(3);
    assertThat(cityCounts.mustReport()).isEqualTo(1);
  }

  @Test
  void keepingTheNoticeNeedsAReasonReachesNoSubordinateAndIsRecorded() {
    long id = issueToAll(List.of(), List.of(), false);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    assertThatThrownBy(() -> driver.keep(city, "  "))
        .isInstanceOf(InputException.class).hasMessageContaining("须填写理由");
    assertThat(row(id, "tcity1").get("RELAY_KEPT_AT")).isNull();

    // with keep, the subordinates, due date and instructions are not asked for
    driver.keep(city, "本通知仅涉及市总机关");
    assertThat(city).hasPassed(TASK_RELAY).hasNotPassed(CALL_RELAY);
    assertThat(driver.unitInstance(id, "tdist1")).isNull();
    assertThat(driver.unitInstance(id, "tdist2")).isNull();
    Map<String, Object> row = row(id, "tcity1");
    assertThat(row.get("RELAY_KEPT_AT")).isNotNull();
    assertThat(row.get("RELAY_KEEP_REASON")).isEqualTo("本通知仅涉及市总机关");
    assertThat(row.get("RELAYED_AT")).isNull();
    ProgressService.Node node = progress.progress(id, "tcity1", 0).units().get(0);
    assertThat(node.unit().relayKeepReason()).isEqualTo("本通知仅涉及市总机关");
    // 传达率 counts it neither as relayed nor among the units still to relay
    assertThat(node.subtree().relayed()).isZero();
    assertThat(node.figures().withSubordinates()).isZero();

    driver.study(city, 15, false);
    assertThat(city).isWaitingAt(TASK_REPORT);
    driver.report(city, "本单位已学习");
    driver.accept(city);
    assertThat(city).isEnded().hasPassed(END_UNIT_DONE);
  }

  @Test
  void aUnitWithSubordinatesMayStudyBeforeRelayingAndReportsOnlyWhenBothAreDone() {
    long id = issueToAll(List.of(), List.of(), false);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    // 传达 and 学习贯彻 at once
    assertThat(city).isWaitingAt(TASK_RELAY, TASK_STUDY);
    driver.study(city, 30, false);
    // studied first (先学一步): the report waits for the relay decision
    assertThat(city).isWaitingAt(TASK_RELAY);
    assertThat(hasTask(city, TASK_REPORT)).isFalse();
    driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
    assertThat(city).isWaitingAt(TASK_REPORT);
    assertThat(driver.unitInstance(id, "tdist1")).isNotNull();
  }

  @Test
  void aUnitThatRelaysFirstReportsOnlyOnceItHasStudied() {
    long id = issueToAll(List.of(), List.of(), false);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    driver.relay(city, List.of(), List.of("tdist2"));
    assertThat(city).isWaitingAt(TASK_STUDY);
    assertThat(hasTask(city, TASK_REPORT)).isFalse();
    driver.study(city, 12, true);
    assertThat(hasTask(city, TASK_REPORT)).isFalse();
    driver.study(city, 8, false);
    assertThat(city).isWaitingAt(TASK_REPORT);
  }

  @Test
  void aUnitThatNeedNotReportButRelaysWaitsForItsSubordinates() {
    long id = issueToAll(List.of("INDUSTRY_UNION"), List.of(), false);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    assertThat(driver.mustReport(city)).isFalse();
    driver.acknowledge(city);
    driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
    driver.study(city, 30, false);
    assertThat(city).isActive().hasNotPassed(TASK_REPORT);
    ProcessInstance dist1 = driver.unitInstance(id, "tdist1");
    // the relaying unit chose 需报告: its districts report to it and it reviews them
    assertThat(driver.mustReport(dist1)).isTrue();
    driver.leafDone(dist1);
    assertThat(BpmnAwareTests.task(driver.unitInstance(id, "tdist2"))).hasCandidateGroup("tdist2");
    driver.leafDone(driver.unitInstance(id, "tdist2"));
    assertThat(city).isEnded().hasPassed(END_RELAYED_UNIT_DONE);
  }

  private static Map<String, Object> withDue(Map<String, Object> start, String due) {
    Map<String, Object> v = new HashMap<>(start);
    v.put(NoticeProcess.REPORT_DUE_DATE, LocalDate.parse(due).toString());
    return v;
  }

  private Map<String, Object> row(long noticeId, String unit) {
    return jdbc.queryForMap("select * from cascade_unit where notice_id = :n and unit_code = :u",
        Map.of("n", noticeId, "u", unit));
  }
}
