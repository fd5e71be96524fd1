package org.noticecascade.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.BeforeEach;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.progress.ProgressService;
import org.noticecascade.progress.UnitStatus;
import org.noticecascade.form.InputException;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Every path of both processes, on the engine with our real delegates and an in-memory database. */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class CascadeProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final ProgressService progress = EngineTestContext.context().getBean(ProgressService.class);
  private static int docCounter;

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  private static String docNumber() {
    return "测工发〔2026〕" + (++docCounter) + "号-" + System.nanoTime();
  }

  private ProcessInstance issue(List<String> kinds, List<String> units, boolean grassroots) {
    return driver.startNotice(docNumber(), "tprov", kinds, units, grassroots, false);
  }

  private UnitStatus status(long noticeId, String unit) {
    return progress.progress(noticeId, unit, 0).units().get(0).unit().status();
  }

  @Test
  void leafUnitAcknowledgesStudiesReportsAndIsAccepted() {
    ProcessInstance notice = issue(List.of("INTERNAL_DEPARTMENT"), List.of(), false);
    long id = driver.noticeId(notice);
    assertThat(notice).isWaitingAt(NoticeProcess.CALL_UNIT_CASCADE, NoticeProcess.TIMER_REPORT_DUE);

    ProcessInstance dept = driver.unitInstance(id, "tdept");
    // Cockpit finds a unit's instance by "<notice id>/<unit code>"
    assertThat(dept).hasBusinessKey(id + "/tdept").isWaitingAt(TASK_ACKNOWLEDGE);
    assertThat(BpmnAwareTests.task(dept)).hasCandidateGroup("tdept").hasName("签收通知");
    // the diagram's documentation is for designers: Tasklist shows clerks no description made of it
    org.assertj.core.api.Assertions.assertThat(BpmnAwareTests.task(dept).getDescription()).isNull();
    driver.acknowledge(dept);
    // a unit without subordinates goes straight to study
    assertThat(dept).hasPassed(TASK_ACKNOWLEDGE).hasNotPassed(TASK_RELAY).isWaitingAt(TASK_STUDY);
    assertThat(status(id, "tdept")).isEqualTo(UnitStatus.ACKNOWLEDGED);

    driver.study(dept, 25, true);
    assertThat(dept).isWaitingAt(TASK_STUDY);
    assertThat(engine.getRuntimeService().getVariable(dept.getId(), STUDY_RECORDED)).isEqualTo(1);
    driver.study(dept, 40, false);
    assertThat(dept).isWaitingAt(TASK_REPORT);
    // the report starts from what was recorded in study
    assertThat(engine.getRuntimeService().getVariable(dept.getId(), REPORT_ACTIVITY_COUNT)).isEqualTo(2);
    assertThat(engine.getRuntimeService().getVariable(dept.getId(), REPORT_PARTICIPANT_COUNT)).isEqualTo(65);

    driver.report(dept, "办公室组织全体干部学习两次");
    assertThat(dept).isWaitingAt(TASK_REVIEW);
    assertThat(BpmnAwareTests.task(dept)).hasCandidateGroup("tprov");
    assertThat(status(id, "tdept")).isEqualTo(UnitStatus.REPORTED);

    driver.accept(dept);
    assertThat(dept).isEnded();
    assertThat(status(id, "tdept")).isEqualTo(UnitStatus.ACCEPTED);
    // the issuer still waits for its deadline's roll-up
    assertThat(notice).isWaitingAt(NoticeProcess.TIMER_REPORT_DUE);
  }

  @Test
  void acknowledgeShowsTheIssuedOnAndTheAddresseeWordingAtEveryLevel() {
    // tcity1 is named but already among 各地方总工会, so only tdist1 (a level lower) is named in the wording
    ProcessInstance notice = issue(List.of("LOCAL_FEDERATION", "INDUSTRY_UNION"), List.of("tcity1", "tdist1"), true);
    long id = driver.noticeId(notice);
    String today = org.noticecascade.support.EngineClock.today().toString();
    String wording = "各地方总工会、产业工会，测试甲市一区总工会";
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    String ack = driver.task(city, TASK_ACKNOWLEDGE).getId();
    Map<String, Object> shown = engine.getTaskService().getVariables(ack);
    assertThat(shown).containsEntry(ISSUED_ON, today).containsEntry(ADDRESSEE_WORDING, wording);

    // a changed read-only value is refused and the task stays; sent back unchanged, as Tasklist does, it passes
    Map<String, Object> forged = new java.util.HashMap<>(CascadeDriver.acknowledgeForm());
    forged.put(ISSUED_ON, today);
    forged.put(ADDRESSEE_WORDING, "各基层工会");
    assertThatThrownBy(() -> driver.complete(city, TASK_ACKNOWLEDGE, forged))
        .isInstanceOf(InputException.class).hasMessageContaining("主送：为只读项");
    forged.put(ISSUED_ON, "2000-01-01");
    forged.put(ADDRESSEE_WORDING, wording);
    assertThatThrownBy(() -> driver.complete(city, TASK_ACKNOWLEDGE, forged))
        .isInstanceOf(InputException.class).hasMessageContaining("成文日期：为只读项");
    assertThat(driver.task(city, TASK_ACKNOWLEDGE).getId()).isEqualTo(ack);
    forged.put(ISSUED_ON, today);
    driver.complete(city, TASK_ACKNOWLEDGE, forged);
    assertThat(city).hasPassed(TASK_ACKNOWLEDGE).isWaitingAt(TASK_RELAY);

    // handed down again by the relay: the notice's own date and 主送 line, not the relaying unit's
    driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
    ProcessInstance dist2 = driver.unitInstance(id, "tdist2");
    assertThat(engine.getTaskService().getVariables(driver.task(dist2, TASK_ACKNOWLEDGE).getId()))
        .containsEntry(ISSUED_ON, today).containsEntry(ADDRESSEE_WORDING, wording);
  }

  @Test
  void returnedReportGoesBackWithItsReasonAndIsAcceptedOnceFixed() {
    ProcessInstance notice = issue(List.of("INDUSTRY_UNION"), List.of(), false);
    long id = driver.noticeId(notice);
    ProcessInstance ind = driver.unitInstance(id, "tind");
    driver.acknowledge(ind);
    driver.study(ind, 10, false);
    driver.report(ind, "已学习");
    driver.returnReport(ind, "请补充参加人数和学习形式");

    assertThat(ind).isWaitingAt(TASK_REPORT);
    assertThat(BpmnAwareTests.task(ind)).hasCandidateGroup("tind");
    assertThat(engine.getRuntimeService().getVariable(ind.getId(), RETURN_REASON)).isEqualTo("请补充参加人数和学习形式");
    assertThat(status(id, "tind")).isEqualTo(UnitStatus.RETURNED);

    driver.report(ind, "已组织专题学习会一次，参加 30 人");
    assertThat(BpmnAwareTests.task(ind)).hasDefinitionKey(TASK_REVIEW);
    driver.accept(ind);
    assertThat(ind).isEnded();
    var row = progress.progress(id, "tind", 0).units().get(0).unit();
    assertThat(row.status()).isEqualTo(UnitStatus.ACCEPTED);
    assertThat(row.returnCount()).isEqualTo(1);
  }

  @Test
  void relayRecursesThreeLevelsDownToGrassrootsAndReportsRollUp() {
    ProcessInstance notice = issue(List.of(), List.of("tcity1"), true);
    long id = driver.noticeId(notice);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    assertThat(city).isWaitingAt(TASK_RELAY);
    driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
    // the city studies while its districts work
    assertThat(city).isWaitingAt(TASK_STUDY, CALL_RELAY);

    ProcessInstance dist1 = driver.unitInstance(id, "tdist1");
    ProcessInstance dist2 = driver.unitInstance(id, "tdist2");
    assertThat(BpmnAwareTests.task(dist1)).hasCandidateGroup("tdist1");
    assertThat(engine.getRuntimeService().getVariable(dist1.getId(), REPORT_DUE_DATE))
        .isEqualTo(CascadeDriver.dueDate().minusDays(5).toString());
    assertThat(engine.getRuntimeService().getVariable(dist1.getId(), INSTRUCTIONS)).isEqualTo("请于截止日期前报告");
    driver.acknowledge(dist1);
    driver.relay(dist1, List.of(), List.of("tgr1", "tgr2"));

    ProcessInstance gr1 = driver.unitInstance(id, "tgr1");
    ProcessInstance gr2 = driver.unitInstance(id, "tgr2");
    assertThat(BpmnAwareTests.task(gr1)).hasCandidateGroup("tgr1");
    driver.leafDone(gr1);
    assertThat(gr1).isEnded();

    // the district's report shows what its subordinates reported so far
    driver.study(dist1, 50, false);
    assertThat(dist1).isWaitingAt(TASK_REPORT);
    String subordinates = (String) engine.getRuntimeService().getVariable(dist1.getId(), SUBORDINATE_REPORTS);
    assertThat(subordinates).contains("下级单位共 2 个", "已报告 1", "测试一区某公司工会：已通过", "测试一区某学校工会：已收文");
    driver.report(dist1, "一区已传达至基层");
    driver.accept(dist1);
    // accepted, but still waiting on its grassroots union that has not finished
    assertThat(dist1).isActive();
    driver.leafDone(gr2);
    assertThat(dist1).isEnded();

    driver.leafDone(dist2);
    driver.study(city, 100, false);
    driver.report(city, "甲市已传达至区县和基层");
    driver.accept(city);
    assertThat(city).isEnded();

    ProgressService.Progress p = progress.progress(id, null, null);
    assertThat(p.units()).extracting(n -> n.unit().unitCode())
        .containsExactlyInAnyOrder("tcity1", "tdist1", "tdist2", "tgr1", "tgr2");
    assertThat(p.units()).extracting(n -> n.unit().level()).containsExactlyInAnyOrder(1, 2, 2, 3, 3);
    ProgressService.Counts cityCounts = p.units().stream().filter(n -> n.unit().unitCode().equals("tcity1"))
        .findFirst().orElseThrow().subtree();
    assertThat(cityCounts).isEqualTo(new ProgressService.Counts(5, 5, 2, 5, 5, 0, 5));
    // every unit finished: the issuer's call activity is done; the roll-up timer and the tracking wait
    assertThat(notice).isWaitingAt(NoticeProcess.TIMER_REPORT_DUE);
  }

  @Test
  void unitThatNeverReportsBlocksNeitherItsSuperiorNorTheRollUp() {
    ProcessInstance notice = issue(List.of("LOCAL_FEDERATION"), List.of(), false);
    long id = driver.noticeId(notice);
    ProcessInstance city1 = driver.unitInstance(id, "tcity1");
    ProcessInstance city2 = driver.unitInstance(id, "tcity2");
    driver.acknowledge(city1);
    driver.relay(city1, List.of("LOCAL_FEDERATION"), List.of());
    ProcessInstance dist1 = driver.unitInstance(id, "tdist1");
    driver.leafDone(dist1);
    // tdist2 never acts; its city still studies, reports and is accepted
    driver.study(city1, 10, false);
    driver.report(city1, "甲市已部署");
    driver.accept(city1);
    assertThat(city1).isActive().isWaitingAt(CALL_RELAY);
    assertThat(city2).isWaitingAt(TASK_ACKNOWLEDGE);

    // the due date passes: the roll-up appears for the issuer with what has come in
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(notice.getId())
        .activityId(NoticeProcess.TIMER_REPORT_DUE).singleResult();
    assertThat(timer.getDuedate()).isAfter(new java.util.Date());
    engine.getManagementService().executeJob(timer.getId());
    assertThat(notice).isWaitingAt(NoticeProcess.TASK_SUMMARY, NoticeProcess.CALL_UNIT_CASCADE);
    assertThat(driver.task(notice, NoticeProcess.TASK_SUMMARY)).hasCandidateGroup("tprov");
    String rollUp = (String) engine.getRuntimeService().getVariable(notice.getId(), NoticeProcess.ROLL_UP);
    assertThat(rollUp).contains("共到达 4 个单位", "已签收 2", "已报告 2", "测试乙市总工会：已收文");

    // closing the notice needs a reason, then ends the units still open (in jobs, page by page)
    String summaryId = driver.task(notice, NoticeProcess.TASK_SUMMARY).getId();
    assertThatThrownBy(() -> engine.getTaskService().complete(summaryId, Map.of(NoticeProcess.CLOSE_NOTICE, true)))
        .isInstanceOf(InputException.class).hasMessageContaining("办结理由");
    driver.complete(notice, NoticeProcess.TASK_SUMMARY,
        Map.of(NoticeProcess.CLOSE_NOTICE, true, NoticeProcess.CLOSE_REASON, "已汇总上报，不再等待"));
    assertThat(notice).isEnded().hasPassed(NoticeProcess.END_NOTICE_CLOSED);
    assertThat(driver.unitInstance(id, "tcity2")).isNull();
    assertThat(driver.unitInstance(id, "tdist2")).isNull();
    var closed = EngineTestContext.context().getBean(org.noticecascade.notice.NoticeService.class).get(id);
    assertThat(closed.status()).isEqualTo(org.noticecascade.notice.NoticeStatus.CLOSED);
    assertThat(closed.ending().closeReason()).isEqualTo("已汇总上报，不再等待");
    assertThat(closed.ending().closedAt()).isNotNull();
    assertThat(closed.status())
        .isEqualTo(org.noticecascade.notice.NoticeStatus.CLOSED);
  }

  @Test
  void unitAddressedDirectlyIsNotReachedAgainThroughItsSuperior() {
    ProcessInstance notice = issue(List.of(), List.of("tcity1", "tdist1"), false);
    long id = driver.noticeId(notice);
    ProcessInstance city = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city);
    driver.relay(city, List.of("LOCAL_FEDERATION"), List.of());
    NamedParameterJdbcTemplate jdbc = EngineTestContext.context().getBean(NamedParameterJdbcTemplate.class);
    Integer reached = jdbc.queryForObject("select count(*) from cascade_unit where notice_id = :id and unit_code = 'tdist1'",
        Map.of("id", id), Integer.class);
    assertThat(reached).isEqualTo(1);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(KEY)
        .variableValueEquals(NOTICE_ID, id).count()).isEqualTo(3);
    // tdist1 stays in the issuer's cascade, not its city's
    assertThat(progress.progress(id, "tcity1", null).units()).extracting(n -> n.unit().unitCode())
        .containsExactlyInAnyOrder("tcity1", "tdist2");
  }

  @Test
  void withoutCascadeToGrassrootsADistrictHasNoOneToRelayTo() {
    ProcessInstance notice = issue(List.of(), List.of("tdist1"), false);
    ProcessInstance dist = driver.unitInstance(driver.noticeId(notice), "tdist1");
    driver.acknowledge(dist);
    assertThat(dist).isWaitingAt(TASK_STUDY);
  }

  @Test
  void relayDeadlineLaterThanTheUnitsOwnIsRefused() {
    ProcessInstance notice = issue(List.of(), List.of("tcity1"), false);
    ProcessInstance city = driver.unitInstance(driver.noticeId(notice), "tcity1");
    driver.acknowledge(city);
    String taskId = driver.task(city, TASK_RELAY).getId();
    assertThatThrownBy(() -> engine.getTaskService().complete(taskId, Map.of(
        RELAY_KINDS, kinds("LOCAL_FEDERATION"), RELAY_DUE_DATE, CascadeDriver.dueDate().plusDays(1).toString())))
        .isInstanceOf(InputException.class).hasMessageContaining("下级报告截止日期：传达截止日期")
        .hasMessageContaining("晚于本单位报告截止日期");
    assertThatThrownBy(() -> engine.getTaskService().complete(taskId, Map.of(
        RELAY_KINDS, kinds("INDUSTRY_UNION"), RELAY_DUE_DATE, CascadeDriver.dueDate().toString())))
        .isInstanceOf(InputException.class).hasMessageContaining("传达的下级单位类别：“INDUSTRY_UNION”不在可选范围内");
    // in working days: 20 calendar days hold fewer than 30 working days
    assertThatThrownBy(() -> engine.getTaskService().complete(taskId, Map.of(
        RELAY_KINDS, kinds("LOCAL_FEDERATION"), RELAY_DUE_WORKING_DAYS, 30)))
        .isInstanceOf(InputException.class).hasMessageContaining("晚于本单位报告截止日期");
    assertThatThrownBy(() -> engine.getTaskService().complete(taskId, Map.of(
        RELAY_KINDS, kinds("LOCAL_FEDERATION"), RELAY_DUE_WORKING_DAYS, 3, RELAY_DUE_DATE, CascadeDriver.dueDate().toString())))
        .isInstanceOf(InputException.class).hasMessageContaining("二者只填其一");
    // nothing moved
    assertThat(city).isWaitingAt(TASK_RELAY);
    assertThat(status(driver.noticeId(notice), "tcity1")).isEqualTo(UnitStatus.ACKNOWLEDGED);

    engine.getTaskService().complete(taskId, Map.of(RELAY_KINDS, kinds("LOCAL_FEDERATION"), RELAY_DUE_WORKING_DAYS, 3));
    driver.runJobs();
    // the subordinates get the date the working days come to
    ProcessInstance district = driver.unitInstance(driver.noticeId(notice), "tdist1");
    java.time.LocalDate expected = EngineTestContext.context().getBean(org.noticecascade.calendar.WorkingDayCalendar.class)
        .plusWorkingDays(org.noticecascade.support.EngineClock.today(), 3);
    assertThat(engine.getRuntimeService().getVariable(district.getId(), REPORT_DUE_DATE)).isEqualTo(expected.toString());
  }

  @Test
  void studyAndReportValuesAreCheckedOnTheServer() {
    ProcessInstance notice = issue(List.of("INTERNAL_DEPARTMENT"), List.of(), false);
    ProcessInstance dept = driver.unitInstance(driver.noticeId(notice), "tdept");
    driver.acknowledge(dept);
    String studyTask = driver.task(dept, TASK_STUDY).getId();
    assertThatThrownBy(() -> engine.getTaskService().complete(studyTask, Map.of(STUDY_FORM, "party",
        STUDY_DATE, "2026-13-01", PARTICIPANTS, -3, STUDY_SUMMARY, "")))
        .isInstanceOf(InputException.class)
        .satisfies(e -> assertThat(((InputException) e).problems()).extracting("field")
            .containsExactlyInAnyOrder(STUDY_FORM, STUDY_DATE, PARTICIPANTS, STUDY_SUMMARY));
    assertThat(dept).isWaitingAt(TASK_STUDY);
    driver.study(dept, 5, false);
    String reportTask = driver.task(dept, TASK_REPORT).getId();
    assertThatThrownBy(() -> engine.getTaskService().complete(reportTask, Map.of(REPORT_TEXT, "x",
        REPORT_ACTIVITY_COUNT, "三次", REPORT_PARTICIPANT_COUNT, 1.5)))
        .isInstanceOf(InputException.class).hasMessageContaining("应为整数");
    driver.report(dept, "完成");
    String reviewTask = driver.task(dept, TASK_REVIEW).getId();
    assertThatThrownBy(() -> engine.getTaskService().complete(reviewTask, Map.of(REVIEW_DECISION, RETURN)))
        .isInstanceOf(InputException.class).hasMessageContaining("退回时请填写理由");
    assertThat(dept).isWaitingAt(TASK_REVIEW);
  }

  /** A checklist's value as Tasklist submits it: a Json list. */
  private static Object kinds(String... kinds) {
    return SpinValues.jsonValue(CascadeDriver.json(List.of(kinds))).create();
  }
}
