package org.noticecascade.testing;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.cascade.UnitReadProcess;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.support.EngineClock;

/** Drives a cascade the way clerks and the job executor would, through the engine's API. */
public class CascadeDriver {

  private final ProcessEngine engine;

  public CascadeDriver(ProcessEngine engine) {
    this.engine = engine;
  }

  /** Starts a notice with the variables the Tasklist start form submits (dates as text, checklists as Json). */
  public ProcessInstance startNotice(String docNumber, String issuer, List<String> kinds, List<String> units,
      boolean cascadeToGrassroots, boolean signOffRequired) {
    return startNotice(docNumber, issuer, kinds, units, cascadeToGrassroots, signOffRequired, Map.of());
  }

  /** As above, with some start variables replaced or added (another due date, reminder settings …). */
  public ProcessInstance startNotice(String docNumber, String issuer, List<String> kinds, List<String> units,
      boolean cascadeToGrassroots, boolean signOffRequired, Map<String, Object> overrides) {
    Map<String, Object> v = new HashMap<>();
    v.put(NoticeProcess.DOC_NUMBER, docNumber);
    v.put(NoticeProcess.TITLE, "关于认真学习宣传贯彻《论述摘编》的通知");
    v.put(NoticeProcess.ISSUER_UNIT, issuer);
    v.put(NoticeProcess.ISSUED_ON, EngineClock.today().toString());
    v.put(NoticeProcess.SUMMARY, "各单位要迅速掀起学习宣传贯彻热潮，学习宣传贯彻情况要及时报告。");
    v.put(NoticeProcess.ADDRESSEE_KINDS, SpinValues.jsonValue(json(kinds)).create());
    v.put(NoticeProcess.ADDRESSEE_UNITS, SpinValues.jsonValue(json(units)).create());
    v.put(NoticeProcess.REPORT_DUE_DATE, dueDate().toString());
    v.put(NoticeProcess.CASCADE_TO_GRASSROOTS, cascadeToGrassroots);
    v.put(NoticeProcess.SIGN_OFF_REQUIRED, signOffRequired);
    v.putAll(overrides);
    v.values().removeIf(java.util.Objects::isNull);
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(NoticeProcess.KEY, v);
    runJobs();
    return pi;
  }

  public static LocalDate dueDate() {
    return EngineClock.today().plusDays(20);
  }

  public static String json(List<String> items) {
    return items.stream().map(s -> "\"" + s + "\"").reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("[]");
  }

  /** Runs every due async continuation (not timers in the future) until none is left, as the job executor would. */
  public void runJobs() {
    for (int round = 0; round < 10_000; round++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().executable().withRetriesLeft().listPage(0, 50);
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        engine.getManagementService().executeJob(job.getId());
      }
    }
    throw new IllegalStateException("jobs keep coming");
  }

  /**
   * For the Spring Boot tests, where the job executor is on: {@link #runJobs()} waits for it to run every due job
   * instead of running them itself.
   */
  public static CascadeDriver withJobExecutor(ProcessEngine engine) {
    return new CascadeDriver(engine) {
      @Override
      public void runJobs() {
        awaitJobExecutor();
      }
    };
  }

  /** Waits, without asserting any time, until the job executor has run every due job with retries left (2 min). */
  void awaitJobExecutor() {
    Awaitility.await("jobs executed").atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> engine.getManagementService().createJobQuery().executable().withRetriesLeft().count() == 0);
  }

  public long noticeId(ProcessInstance issuerInstance) {
    return ((Number) engine.getRuntimeService().getVariable(issuerInstance.getId(), NoticeProcess.NOTICE_ID)).longValue();
  }

  /** The unit's own instance of a notice, or null. */
  public ProcessInstance unitInstance(long noticeId, String unitCode) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(UnitCascadeProcess.KEY)
        .variableValueEquals(NOTICE_ID, noticeId).variableValueEquals(UNIT_CODE, unitCode).singleResult();
  }

  /** The start variables that copy a notice (抄送) to these units, for {@link #startNotice}'s overrides. */
  public static Map<String, Object> copiedTo(String... unitCodes) {
    return Map.of(NoticeProcess.CC_UNITS, SpinValues.jsonValue(json(List.of(unitCodes))).create());
  }

  /** A copied unit's 阅知 instance of a notice, or null. */
  public ProcessInstance ccInstance(long noticeId, String unitCode) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(UnitReadProcess.KEY)
        .processInstanceBusinessKey(noticeId + "/" + unitCode).singleResult();
  }

  /** The copied unit's clerk reads the notice: 阅知通知 with 已阅知 ticked. */
  public void read(ProcessInstance ccInstance) {
    complete(ccInstance, UnitReadProcess.TASK_READ, readForm());
  }

  public static Map<String, Object> readForm() {
    return Map.of(UnitReadProcess.READ_CONFIRMED, true);
  }

  /** The job of a timer (or other activity) in an instance, or null. */
  public Job timer(ProcessInstance pi, String activityId) {
    return engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId)
        .singleResult();
  }

  /** Sets the engine's clock to a local date and time in the application's zone; ClockUtil.reset() undoes it. */
  public static void clock(String isoDateTime) {
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(
        java.time.LocalDateTime.parse(isoDateTime).atZone(EngineClock.zone()).toInstant()));
  }

  public Task task(ProcessInstance pi, String taskKey) {
    return engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(taskKey)
        .singleResult();
  }

  public void complete(ProcessInstance pi, String taskKey, Map<String, Object> variables) {
    Task task = task(pi, taskKey);
    if (task == null) {
      throw new AssertionError("no task " + taskKey + " in " + pi.getId());
    }
    engine.getTaskService().complete(task.getId(), variables);
    runJobs();
  }

  /** 签发 by the issuer's leader, approving. */
  public void signOff(ProcessInstance issuerInstance) {
    complete(issuerInstance, NoticeProcess.TASK_SIGN_OFF, Map.of(NoticeProcess.SIGN_OFF_DECISION, NoticeProcess.APPROVE));
  }

  /** The start variable that sends the notice to 上传正文及附件 first, for {@link #startNotice}'s overrides. */
  public static Map<String, Object> attachFilesFirst() {
    return Map.of(NoticeProcess.ATTACH_BEFORE_DISPATCH, true);
  }

  /** 上传正文及附件: the issuer's clerk confirms the files are attached; 签发 or 下发 follows. */
  public void filesAttached(ProcessInstance issuerInstance) {
    complete(issuerInstance, NoticeProcess.TASK_ATTACH_FILES, Map.of(NoticeProcess.FILES_ATTACHED, true));
  }

  /** 编号 after 签发: the issuer's clerk confirms the 文号; the notice is then sent. */
  public void assignDocNumber(ProcessInstance issuerInstance, String docNumber) {
    complete(issuerInstance, NoticeProcess.TASK_ASSIGN_DOC_NUMBER, Map.of(NoticeProcess.DOC_NUMBER, docNumber));
  }

  public void acknowledge(ProcessInstance pi) {
    complete(pi, TASK_ACKNOWLEDGE, acknowledgeForm());
  }

  public void relay(ProcessInstance pi, List<String> kinds, List<String> units) {
    complete(pi, TASK_RELAY, relayForm(kinds, units));
  }

  /** 传达 with 仅传达学习: the subordinates study (and may relay) but do not report. */
  public void relayInformOnly(ProcessInstance pi, List<String> kinds, List<String> units) {
    Map<String, Object> v = relayForm(kinds, units);
    v.put(RELAY_REPORTING, REPORTING_INFORM);
    complete(pi, TASK_RELAY, v);
  }

  /** 本单位学习，不再下发, with its reason. */
  public void keep(ProcessInstance pi, String reason) {
    complete(pi, TASK_RELAY, keepForm(reason));
  }

  /** Whether the unit's instance must report (its {@code mustReport} variable). */
  public boolean mustReport(ProcessInstance pi) {
    return (Boolean) engine.getRuntimeService().getVariable(pi.getId(), MUST_REPORT);
  }

  public void study(ProcessInstance pi, int participants, boolean more) {
    complete(pi, TASK_STUDY, studyForm(participants, more));
  }

  public void report(ProcessInstance pi, String text) {
    complete(pi, TASK_REPORT, reportForm(text));
  }

  public void accept(ProcessInstance pi) {
    complete(pi, TASK_REVIEW, acceptForm());
  }

  public void returnReport(ProcessInstance pi, String reason) {
    complete(pi, TASK_REVIEW, Map.of(REVIEW_DECISION, RETURN, RETURN_REASON, reason));
  }

  // What each task's form submits, with the types Tasklist gives them (dates as text, checklists as Json)

  /** 甲市 relays to its districts and 一区 to its grassroots unions: units at three levels; returns 一区's instance. */
  public ProcessInstance relayToGrassroots(long noticeId) {
    ProcessInstance city1 = unitInstance(noticeId, "tcity1");
    acknowledge(city1);
    relay(city1, List.of("LOCAL_FEDERATION"), List.of());
    ProcessInstance dist1 = unitInstance(noticeId, "tdist1");
    acknowledge(dist1);
    relay(dist1, List.of("GRASSROOTS_UNION"), List.of());
    return dist1;
  }

  /** 通知办理跟踪 → 立即汇总: a 汇总落实情况 task for the issuer (unless one is open). */
  public void summarizeNow(ProcessInstance notice) {
    complete(notice, NoticeProcess.TASK_TRACK, Map.of(NoticeProcess.TRACK_ACTION, NoticeProcess.SUMMARIZE));
  }

  /** 通知办理跟踪 → 办结通知, then the jobs that end the units' instances page by page. */
  public void closeNotice(ProcessInstance notice, String reason) {
    complete(notice, NoticeProcess.TASK_TRACK, Map.of(NoticeProcess.TRACK_ACTION, NoticeProcess.CLOSE,
        NoticeProcess.CLOSE_REASON, reason));
  }

  public static Map<String, Object> acknowledgeForm() {
    return Map.of(ACKNOWLEDGE_NOTE, "已签收");
  }

  public static Map<String, Object> relayForm(List<String> kinds, List<String> units) {
    Map<String, Object> v = new HashMap<>();
    v.put(RELAY_KINDS, SpinValues.jsonValue(json(kinds)).create());
    v.put(RELAY_UNITS, SpinValues.jsonValue(json(units)).create());
    v.put(RELAY_DUE_DATE, dueDate().minusDays(5).toString());
    v.put(RELAY_INSTRUCTIONS, "请于截止日期前报告");
    return v;
  }

  public static Map<String, Object> keepForm(String reason) {
    Map<String, Object> v = new HashMap<>();
    v.put(RELAY_DECISION, KEEP);
    v.put(KEEP_REASON, reason);
    return v;
  }

  /**
   * Start variables naming who must report among the addressees, as the start form submits them; for
   * {@link #startNotice(String, String, List, List, boolean, boolean, Map)}'s overrides.
   */
  public static Map<String, Object> reporting(List<String> kinds, List<String> units) {
    Map<String, Object> v = new HashMap<>();
    v.put(NoticeProcess.REPORTING_KINDS, SpinValues.jsonValue(json(kinds)).create());
    v.put(NoticeProcess.REPORTING_UNITS, SpinValues.jsonValue(json(units)).create());
    return v;
  }

  public static Map<String, Object> studyForm(int participants, boolean more) {
    return Map.of(STUDY_FORM, "seminar", STUDY_DATE, EngineClock.today().toString(), PARTICIPANTS, participants,
        STUDY_SUMMARY, "召开专题学习会", MORE_STUDY, more);
  }

  public static Map<String, Object> reportForm(String text) {
    return Map.of(REPORT_TEXT, text, REPORT_ACTIVITY_COUNT, 1, REPORT_PARTICIPANT_COUNT, 30);
  }

  public static Map<String, Object> acceptForm() {
    return Map.of(REVIEW_DECISION, ACCEPT);
  }

  /** A leaf's whole work: acknowledge, one study, report, and its superior accepts. */
  public void leafDone(ProcessInstance pi) {
    acknowledge(pi);
    study(pi, 30, false);
    report(pi, "已组织学习");
    accept(pi);
  }
}
