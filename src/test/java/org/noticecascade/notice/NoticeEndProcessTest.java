package org.noticecascade.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.noticecascade.testing.CascadeDriver.clock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.form.InputException;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * How a notice ends (issue 21): 办结 at any time from 通知办理跟踪 or 汇总, ending every unit instance in pages;
 * repeated 汇总 on demand and after late reports; the leaders' daily digest; 逾期未办结 after chase-days.
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class NoticeEndProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
  private final NoticeService notices = EngineTestContext.context().getBean(NoticeService.class);
  private final EndUnitsDelegate endUnits = EngineTestContext.context().getBean(EndUnitsDelegate.class);
  private final NamedParameterJdbcTemplate jdbc = EngineTestContext.context().getBean(NamedParameterJdbcTemplate.class);
  private static int docCounter;

  @BeforeEach
  void init() {
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void reset() {
    ClockUtil.reset();
    endUnits.pageSize(EndUnitsDelegate.DEFAULT_PAGE_SIZE);
  }

  private ProcessInstance issue(List<String> kinds, String due) {
    Map<String, Object> v = new HashMap<>();
    if (due != null) {
      v.put(NoticeProcess.REPORT_DUE_DATE, due);
    }
    return driver.startNotice("测工结〔2026〕" + (++docCounter) + "号-" + System.nanoTime(), "tprov", kinds, List.of(),
        true, false, v);
  }

  /** Rows of ACT_RU_* still belonging to the notice's instance or any of its units' instances. */
  private int runtimeRows(long noticeId, ProcessInstance notice) {
    List<String> ids = new ArrayList<>(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKeyLike(noticeId + "/%").list().stream().map(HistoricProcessInstance::getId).toList());
    ids.add(notice.getId());
    int rows = 0;
    for (String table : List.of("ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_RU_VARIABLE",
        "ACT_RU_EVENT_SUBSCR", "ACT_RU_IDENTITYLINK")) {
      String column = table.equals("ACT_RU_IDENTITYLINK") ? "TASK_ID_ in (select ID_ from ACT_RU_TASK where PROC_INST_ID_"
          + " in (:ids))" : table.equals("ACT_RU_JOB") ? "PROCESS_INSTANCE_ID_ in (:ids)" : "PROC_INST_ID_ in (:ids)";
      rows += jdbc.queryForObject("select count(*) from " + table + " where " + column, Map.of("ids", ids),
          Integer.class);
    }
    return rows;
  }

  @Test
  void closingFromTheTrackingTaskEndsEveryUnitInPagesAndLeavesNothingRunning() {
    ProcessInstance notice = issue(List.of("LOCAL_FEDERATION", "INTERNAL_DEPARTMENT", "INDUSTRY_UNION"), null);
    long id = driver.noticeId(notice);
    driver.relayToGrassroots(id);
    assertThat(driver.unitInstance(id, "tgr1")).isNotNull();
    // the issuer's standing task, for its clerks and leaders, from dispatch on
    assertThat(driver.task(notice, NoticeProcess.TASK_TRACK)).hasCandidateGroup("tprov")
        .hasCandidateGroup("tprovleaders").hasName("通知办理跟踪");

    // 办结 needs a reason; nothing is changed without it
    String trackId = driver.task(notice, NoticeProcess.TASK_TRACK).getId();
    assertThatThrownBy(() -> engine.getTaskService().complete(trackId,
        Map.of(NoticeProcess.TRACK_ACTION, NoticeProcess.CLOSE))).isInstanceOf(InputException.class)
        .hasMessageContaining("办结理由");
    assertThat(notices.get(id).status()).isEqualTo(NoticeStatus.DISPATCHED);

    // 8 unit instances, 3 a page: the deletion runs as several jobs, leaves first
    endUnits.pageSize(3);
    driver.closeNotice(notice, "上级要求提前收口");
    assertThat(notice).isEnded().hasPassed(NoticeProcess.TASK_RECORD_CLOSE, NoticeProcess.END_NOTICE_CLOSED);
    assertThat(engine.getHistoryService().createHistoricJobLogQuery().processInstanceId(notice.getId())
        .activityIdIn(NoticeProcess.TASK_END_UNITS).successLog().count()).isGreaterThanOrEqualTo(3);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKeyLike(id + "/%")
        .count()).isZero();
    assertThat(runtimeRows(id, notice)).isZero();
    Notice closed = notices.get(id);
    assertThat(closed.status()).isEqualTo(NoticeStatus.CLOSED);
    assertThat(closed.ending().closeReason()).isEqualTo("上级要求提前收口");
    assertThat(closed.ending().closedAt()).isNotNull();
    assertThat(closed.overdueUnclosed()).isFalse();
  }

  @Test
  void deletingCalledUnitInstancesCompletesTheSuperiorsCallActivityOnceAllAreGone() {
    ProcessInstance notice = issue(List.of("LOCAL_FEDERATION"), null);
    long id = driver.noticeId(notice);
    ProcessInstance city1 = driver.unitInstance(id, "tcity1");
    driver.acknowledge(city1);
    driver.relay(city1, List.of("LOCAL_FEDERATION"), List.of());
    ProcessInstance dist1 = driver.unitInstance(id, "tdist1");
    engine.getRuntimeService().deleteProcessInstance(dist1.getId(), "test", true, true);
    driver.runJobs();
    // Camunda 7.24: deleting a called instance completes that instance of the caller's call activity; with its
    // sibling still running, the superior waits on in its call activity
    assertThat(city1).isActive().isWaitingAt(UnitCascadeProcess.CALL_RELAY);
    assertThat(driver.unitInstance(id, "tdist2")).isNotNull();
    // the last one deleted: the call activity completes and the superior goes on as if its subordinates had finished
    // (so Task_EndUnits deletes leaves first and nothing is left to continue by the time the superiors go)
    engine.getRuntimeService().deleteProcessInstance(driver.unitInstance(id, "tdist2").getId(), "test", true, true);
    driver.runJobs();
    assertThat(city1).isActive().isNotWaitingAt(UnitCascadeProcess.CALL_RELAY).isWaitingAt(UnitCascadeProcess.TASK_STUDY);
  }

  @Test
  void summaryOnDemandOnceAtATimeAndAgainOnTheWorkingDayAfterALateReport() {
    clock("2026-11-16T10:00:00"); // Monday
    ProcessInstance notice = issue(List.of("INTERNAL_DEPARTMENT"), "2026-11-20");
    long id = driver.noticeId(notice);
    driver.summarizeNow(notice);
    assertThat(summaries(notice)).isEqualTo(1);
    // asked again while one is open: no second, and the tracking task is back
    driver.summarizeNow(notice);
    assertThat(summaries(notice)).isEqualTo(1);
    assertThat(driver.task(notice, NoticeProcess.TASK_TRACK)).isNotNull();
    driver.complete(notice, NoticeProcess.TASK_SUMMARY, Map.of(NoticeProcess.CLOSE_NOTICE, false));
    assertThat(summaries(notice)).isZero();

    // the first 汇总 on Monday 11/23 at 09:00, the daily check at 10:00; the unit is late
    clock("2026-11-23T10:01:00");
    driver.runJobs();
    assertThat(summaries(notice)).isEqualTo(1);
    driver.complete(notice, NoticeProcess.TASK_SUMMARY, Map.of(NoticeProcess.CLOSE_NOTICE, false));
    // nothing new on Tuesday
    clock("2026-11-24T10:01:00");
    driver.runJobs();
    assertThat(summaries(notice)).isZero();
    // the late report arrives on Tuesday: one new 汇总 on Wednesday
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.leafDone(dept);
    clock("2026-11-25T10:01:00");
    driver.runJobs();
    assertThat(summaries(notice)).isEqualTo(1);
    // left open: none more on Thursday
    clock("2026-11-26T10:01:00");
    driver.runJobs();
    assertThat(summaries(notice)).isEqualTo(1);
  }

  /** A working day's morning as the job executor would run it: the units' 09:00 timers, then the notice's 10:00. */
  private void morning(String day) {
    clock(day + "T09:01:00");
    driver.runJobs();
    clock(day + "T10:01:00");
    driver.runJobs();
  }

  private long summaries(ProcessInstance notice) {
    return engine.getTaskService().createTaskQuery().processInstanceId(notice.getId())
        .taskDefinitionKey(NoticeProcess.TASK_SUMMARY).count();
  }

  private List<String> digests(long noticeId) {
    return jdbc.queryForList("select message_key from notification_outbox where message_key like :k"
        + " order by message_key", Map.of("k", "digest:" + noticeId + ":%"), String.class);
  }

  @Test
  void leadersGetOneDigestPerWorkingDayWhileUnitsAreOverdueThenTheNoticeIsOverdueUnclosed() {
    clock("2026-11-16T10:00:00");
    ProcessInstance notice = issue(List.of("INTERNAL_DEPARTMENT", "INDUSTRY_UNION"), "2026-11-20");
    long id = driver.noticeId(notice);
    driver.leafDone(driver.unitInstance(id, "tind"));
    morning("2026-11-20"); // due today: nobody overdue yet
    assertThat(digests(id)).isEmpty();
    morning("2026-11-23");
    clock("2026-11-23T16:00:00"); // the same day again: nothing more
    driver.runJobs();
    assertThat(digests(id)).containsExactly("digest:" + id + ":2026-11-23");
    Map<String, Object> digest = jdbc.queryForMap("select * from notification_outbox where message_key = :k",
        Map.of("k", "digest:" + id + ":2026-11-23"));
    assertThat(digest.get("RECIPIENT_GROUP")).isEqualTo("tprovleaders");
    assertThat((String) digest.get("BODY")).contains("尚有 1 个单位逾期未报告（第1级 1 个）", "测试省总办公室");
    morning("2026-11-24");
    assertThat(digests(id)).hasSize(2);

    // 20 working days after 11/20 is 12/18; on Monday 12/21 the notice's chase is over
    for (String day : List.of("2026-12-01", "2026-12-08", "2026-12-15", "2026-12-18")) {
      morning(day);
    }
    assertThat(notices.get(id).overdueUnclosed()).isFalse();
    int sent = digests(id).size();
    morning("2026-12-21");
    assertThat(notices.get(id).overdueUnclosed()).isTrue();
    assertThat(notices.get(id).ending().chaseEndedAt()).isNotNull();
    assertThat(digests(id)).hasSize(sent);
    assertThat(notice).hasPassed(NoticeProcess.END_CHASE_OVER);
    // the unit's own chase stopped too: counted apart as 逾期未办结, the kept totals (depth 0) as a recount
    var progress = EngineTestContext.context().getBean(org.noticecascade.progress.ProgressService.class);
    assertThat(progress.progress(id, null, 0).figures().overdueUnclosed()).isEqualTo(1);
    assertThat(progress.progress(id, null, null).figures().overdueUnclosed()).isEqualTo(1);
    assertThat(progress.progress(id, null, null).figures().overdue()).isEqualTo(1);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(notice.getId())
        .activityId(NoticeProcess.TIMER_DAILY).count()).isZero();
    // still open: the issuer may close it
    driver.closeNotice(notice, "逾期单位另行处理");
    assertThat(notice).isEnded();
    assertThat(notices.get(id).overdueUnclosed()).isFalse();
  }
}
