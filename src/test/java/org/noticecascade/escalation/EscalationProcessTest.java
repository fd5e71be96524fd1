package org.noticecascade.escalation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.progress.EscalationRepository;
import org.noticecascade.support.EngineClock;
import org.noticecascade.testing.CascadeDriver;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

/**
 * 催办 and 督办 on the engine's clock: a unit that does not acknowledge is reminded, one that has not reported is
 * reminded before its due date, then marked overdue on the first working day after it, reminded every working day,
 * its superior gets a 督办 task and, M working days on, the issuer's leaders are told. A late report ends all of it
 * and is counted late. Weekends are skipped (public holidays: see the calendar's tests and the holiday case here).
 */
@Deployment(resources = {"processes/noticeIssue.bpmn", "processes/unitCascade.bpmn", "processes/unitRead.bpmn",
    "forms/noticeStart.form", "forms/signOff.form", "forms/number.form", "forms/summary.form", "forms/noticeTrack.form",
    "forms/acknowledge.form", "forms/relay.form", "forms/study.form", "forms/report.form", "forms/review.form",
    "forms/escalate.form", "forms/read.form", "forms/attachFiles.form"})
class EscalationProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final CascadeDriver driver = new CascadeDriver(engine);
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

  private static void clock(String isoDateTime) {
    CascadeDriver.clock(isoDateTime);
  }

  private static Date at(String isoDateTime) {
    return Date.from(LocalDateTime.parse(isoDateTime).atZone(EngineClock.zone()).toInstant());
  }

  /** Notice from the test province to its department (a unit without subordinates), due on the given date. */
  private long issueToDepartment(LocalDate due, Map<String, Object> more) {
    Map<String, Object> v = new HashMap<>(more);
    v.put(NoticeProcess.REPORT_DUE_DATE, due == null ? null : due.toString());
    ProcessInstance notice = driver.startNotice("测工督〔2026〕" + (++docCounter) + "号-" + System.nanoTime(), "tprov",
        List.of("INTERNAL_DEPARTMENT"), List.of(), false, false, v);
    return driver.noticeId(notice);
  }

  private Job timer(ProcessInstance pi, String activityId) {
    return engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId)
        .singleResult();
  }

  private Map<String, Object> row(long noticeId, String unit) {
    return jdbc.queryForMap("select * from cascade_unit where notice_id = :n and unit_code = :u",
        Map.of("n", noticeId, "u", unit));
  }

  private int reminders(long noticeId, String unit) {
    return ((Number) row(noticeId, unit).get("REMINDERS_SENT")).intValue();
  }

  /** The message queued under a key (the outbox; sending is the dispatcher's job), or null. */
  private Map<String, Object> message(String key) {
    return jdbc.query("select * from notification_outbox where message_key = :k", Map.of("k", key),
        (rs, i) -> Map.<String, Object>of("group", rs.getString("recipient_group"), "subject", rs.getString("subject"),
            "link", String.valueOf(rs.getString("link")))).stream().findFirst().orElse(null);
  }

  private Task escalationTask(ProcessInstance pi) {
    return engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(TASK_ESCALATE)
        .singleResult();
  }

  @Test
  void anOverdueUnitIsRemindedEscalatedToItsSuperiorAndThenToTheIssuerSkippingTheWeekend() {
    clock("2026-11-16T10:00:00"); // a Monday
    long id = issueToDepartment(LocalDate.parse("2026-11-27"), Map.of()); // due on a Friday
    ProcessInstance dept = driver.unitInstance(id, "tdept");

    // each timer is set in working days, at the reminder time (application defaults: 2, 2, and 3 days)
    assertThat(timer(dept, TIMER_ACKNOWLEDGE_REMINDER).getDuedate()).isEqualTo(at("2026-11-18T09:00:00"));
    assertThat(timer(dept, TIMER_REPORT_DUE_SOON).getDuedate()).isEqualTo(at("2026-11-25T09:00:00"));
    // due Friday: overdue from Monday, not over the weekend
    assertThat(timer(dept, TIMER_REPORT_OVERDUE).getDuedate()).isEqualTo(at("2026-11-30T09:00:00"));

    clock("2026-11-18T09:01:00");
    driver.runJobs();
    assertThat(dept).hasPassed(TASK_REMIND_ACKNOWLEDGE).isWaitingAt(TASK_ACKNOWLEDGE);
    assertThat(reminders(id, "tdept")).isEqualTo(1);
    // each reminder links the unit's own open task
    Task acknowledge = engine.getTaskService().createTaskQuery().processInstanceId(dept.getId()).singleResult();
    assertThat(message("reminder-acknowledge:" + id + "/tdept")).containsEntry("group", "tdept")
        .containsEntry("link", "http://localhost:8080/camunda/app/tasklist/default/#/?task=" + acknowledge.getId());
    driver.acknowledge(dept);
    driver.study(dept, 12, false);
    assertThat(dept).isWaitingAt(TASK_REPORT);
    Task report = engine.getTaskService().createTaskQuery().processInstanceId(dept.getId())
        .taskDefinitionKey(TASK_REPORT).singleResult();
    String reportLink = "http://localhost:8080/camunda/app/tasklist/default/#/?task=" + report.getId();

    clock("2026-11-25T09:01:00");
    driver.runJobs();
    assertThat(dept).hasPassed(TASK_REMIND_DUE_SOON);
    assertThat(reminders(id, "tdept")).isEqualTo(2);

    // Saturday after the due date: nothing yet
    clock("2026-11-28T10:00:00");
    driver.runJobs();
    assertThat(row(id, "tdept").get("OVERDUE_AT")).isNull();
    assertThat(escalationTask(dept)).isNull();

    clock("2026-11-30T09:01:00");
    driver.runJobs();
    assertThat(row(id, "tdept").get("OVERDUE_AT")).isNotNull();
    assertThat(reminders(id, "tdept")).isEqualTo(3);
    Task escalation = escalationTask(dept);
    // the superior (the province) is asked to chase its department, told how late it is in working days
    assertThat(escalation).hasCandidateGroup("tprov").hasName("督办逾期单位");
    assertThat(engine.getTaskService().getVariable(escalation.getId(), DAYS_LATE)).isEqualTo(1);
    assertThat(row(id, "tdept").get("ESCALATED_AT")).isNotNull();
    assertThat(timer(dept, TIMER_DAILY_REMINDER).getDuedate()).isEqualTo(at("2026-12-01T09:00:00"));

    clock("2026-12-01T09:01:00");
    driver.runJobs();
    assertThat(reminders(id, "tdept")).isEqualTo(4);
    assertThat(timer(dept, TIMER_DAILY_REMINDER).getDuedate()).isEqualTo(at("2026-12-02T09:00:00"));

    // the superior records what it did; the daily reminders go on until the unit reports
    engine.getTaskService().complete(escalation.getId(), Map.of(ESCALATION_NOTE, "已电话联系办公室，承诺本周报告"));
    assertThat(row(id, "tdept").get("ESCALATION_CLOSED_AT")).isNotNull();
    assertThat(timer(dept, TIMER_DAILY_REMINDER)).isNotNull();

    clock("2026-12-03T09:05:00");
    driver.runJobs();
    // no message per unit to the issuer's leaders any more: their daily digest of the notice instead
    assertThat(row(id, "tdept").get("ISSUER_NOTIFIED_AT")).isNull();
    assertThat(reminders(id, "tdept")).isEqualTo(5);
    // messages: the superior's 督办 links its task; the issuer's leaders get the day's digest; one reminder per day
    assertThat(message("escalation:" + escalation.getId())).containsEntry("group", "tprov")
        .containsEntry("link", "http://localhost:8080/camunda/app/tasklist/default/#/?task=" + escalation.getId());
    assertThat(message("digest:" + id + ":2026-12-03")).containsEntry("group", "tprovleaders")
        .containsEntry("link", "http://localhost:8080/progress?notice=" + id);
    assertThat(message("issuer:" + id + "/tdept")).isNull();
    assertThat(message("overdue:" + id + "/tdept")).containsEntry("group", "tdept").containsEntry("link", reportLink);
    // the superior's 督办 task is open in the same instance too: the unit is still sent to its own 报告
    assertThat(message("reminder-overdue:" + id + "/tdept:2026-12-01")).containsEntry("group", "tdept")
        .containsEntry("link", reportLink);
    assertThat(message("reminder-overdue:" + id + "/tdept:2026-12-03")).isNotNull();

    driver.report(dept, "逾期补报：已组织学习");
    // the late report stops the chase in the same transaction and counts as late
    assertThat(dept).hasPassed(BOUNDARY_REPORT_ARRIVED).isWaitingAt(TASK_REVIEW);
    assertThat(timer(dept, TIMER_DAILY_REMINDER)).isNull();
    assertThat(row(id, "tdept").get("REPORTED_LATE")).isEqualTo(true);
    driver.accept(dept);
    assertThat(dept).isEnded();
  }

  private int overdueReminders(long noticeId, String unit) {
    return jdbc.queryForObject("select count(*) from notification_outbox where message_key like :k",
        Map.of("k", "reminder-overdue:" + noticeId + "/" + unit + ":%"), Integer.class);
  }

  /** Moves the engine clock to reminder time on each day from {@code from} to {@code to} and runs what is due. */
  private void eachDay(String from, String to) {
    for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
      clock(d + "T09:01:00");
      driver.runJobs();
    }
  }

  private EscalationRepository.OverdueUnit overdueEntry(long noticeId, String unit) {
    return EngineTestContext.context().getBean(EscalationRepository.class).overdue(noticeId, "tprov", true, true, 10)
        .stream().filter(o -> o.unitCode().equals(unit)).findFirst().orElseThrow();
  }

  private record Late(long id, ProcessInstance dept) {
  }

  /** A unit due Friday 2026-11-27 that has not reported by Thursday 12/24, its 19th working day late. */
  private Late lateUntilTheNineteenthWorkingDay() {
    clock("2026-11-16T10:00:00");
    long id = issueToDepartment(LocalDate.parse("2026-11-27"), Map.of());
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.acknowledge(dept);
    driver.study(dept, 8, false);
    eachDay("2026-11-30", "2026-12-24");
    // still reminded every working day (12/1 … 12/24)
    assertThat(overdueReminders(id, "tdept")).isEqualTo(18);
    return new Late(id, dept);
  }

  @Test
  void aUnitNobodyClosesIsNoLongerRemindedTwentyWorkingDaysAfterItsDueDateButItsEscalationStays() {
    Late late = lateUntilTheNineteenthWorkingDay();
    long id = late.id();
    ProcessInstance dept = late.dept();
    assertThat(timer(dept, TIMER_DAILY_REMINDER).getDuedate()).isEqualTo(at("2026-12-25T09:00:00"));
    assertThat(row(id, "tdept").get("CHASE_STOPPED_AT")).isNull();
    assertThat(OverdueController.chaseStatus(overdueEntry(id, "tdept"))).isEqualTo("逾期催办中");

    // Friday 12/25 is the 20th (chase-days, default 20): the last reminder; the next would be the 21st
    eachDay("2026-12-25", "2027-01-22");
    assertThat(overdueReminders(id, "tdept")).isEqualTo(19);
    assertThat(message("reminder-overdue:" + id + "/tdept:2026-12-25")).isNotNull();
    assertThat(timer(dept, TIMER_DAILY_REMINDER)).isNull();
    assertThat(dept).hasPassed(TASK_STOP_CHASE, END_CHASE_STOPPED);
    assertThat(((java.sql.Timestamp) row(id, "tdept").get("CHASE_STOPPED_AT")).toLocalDateTime())
        .isEqualTo(LocalDateTime.parse("2026-12-25T09:01:00"));
    // the issuer's list shows it as 逾期未办结; a person still closes the superior's 督办 task
    assertThat(OverdueController.chaseStatus(overdueEntry(id, "tdept"))).isEqualTo("逾期未办结");
    Task escalation = escalationTask(dept);
    assertThat(escalation).isNotNull();
    assertThat(row(id, "tdept").get("ESCALATION_CLOSED_AT")).isNull();
    engine.getTaskService().complete(escalation.getId(), Map.of(ESCALATION_NOTE, "多次联系未果，已报上级"));
    assertThat(row(id, "tdept").get("ESCALATION_CLOSED_AT")).isNotNull();
  }

  @Test
  void aUnitThatReportsBeforeTheChaseLimitIsNeverMarkedAsNoLongerChased() {
    Late late = lateUntilTheNineteenthWorkingDay();
    long id = late.id();
    ProcessInstance dept = late.dept();
    driver.report(dept, "逾期补报");
    eachDay("2026-12-25", "2027-01-08");
    assertThat(overdueReminders(id, "tdept")).isEqualTo(18);
    assertThat(dept).hasPassed(BOUNDARY_REPORT_ARRIVED).hasNotPassed(TASK_STOP_CHASE);
    assertThat(row(id, "tdept").get("CHASE_STOPPED_AT")).isNull();
    assertThat(row(id, "tdept").get("REPORTED_LATE")).isEqualTo(true);
    assertThat(OverdueController.chaseStatus(overdueEntry(id, "tdept"))).isEqualTo("逾期后已报告");
  }

  @Test
  void overTheNationalDayHolidayTheChaseWaitsForWorkingDaysIncludingAnAdjustedSaturday() {
    clock("2026-09-24T10:00:00"); // Thursday before 中秋 (9/25–27) and 国庆 (10/1–7); 10/10 is a working Saturday
    long id = issueToDepartment(LocalDate.parse("2026-09-30"), Map.of());
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    assertThat(timer(dept, TIMER_ACKNOWLEDGE_REMINDER).getDuedate()).isEqualTo(at("2026-09-29T09:00:00"));
    assertThat(timer(dept, TIMER_REPORT_DUE_SOON).getDuedate()).isEqualTo(at("2026-09-28T09:00:00"));
    // not on 1 October: on the first working day after the holiday
    assertThat(timer(dept, TIMER_REPORT_OVERDUE).getDuedate()).isEqualTo(at("2026-10-08T09:00:00"));
    driver.acknowledge(dept);

    clock("2026-10-05T09:30:00");
    driver.runJobs();
    assertThat(escalationTask(dept)).isNull();
    clock("2026-10-08T09:01:00");
    driver.runJobs();
    assertThat(escalationTask(dept)).isNotNull();
    // the next reminder on Friday
    assertThat(timer(dept, TIMER_DAILY_REMINDER).getDuedate()).isEqualTo(at("2026-10-09T09:00:00"));
    clock("2026-10-09T09:01:00");
    driver.runJobs();
    assertThat(timer(dept, TIMER_DAILY_REMINDER).getDuedate()).isEqualTo(at("2026-10-10T09:00:00"));
  }

  @Test
  void aLateReportClosesTheSuperiorsEscalationTaskByItself() {
    clock("2026-11-16T10:00:00");
    long id = issueToDepartment(LocalDate.parse("2026-11-20"), Map.of());
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.acknowledge(dept);
    driver.study(dept, 8, false);

    clock("2026-11-23T09:30:00"); // Monday after a Friday due date
    driver.runJobs();
    Task escalation = escalationTask(dept);
    assertThat(escalation).isNotNull();

    driver.report(dept, "补报");
    assertThat(escalationTask(dept)).isNull();
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(escalation.getId()).singleResult()
        .getDeleteReason()).isNotEqualTo("completed");
    Map<String, Object> row = row(id, "tdept");
    assertThat(row.get("ESCALATION_CLOSED_AT")).isNotNull();
    assertThat(row.get("REPORTED_LATE")).isEqualTo(true);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(dept.getId())
        .activityId(TIMER_DAILY_REMINDER).count()).isZero();
  }

  @Test
  void aUnitThatReportsInTimeIsNeitherRemindedNorMarkedOverdue() {
    clock("2026-11-16T10:00:00");
    long id = issueToDepartment(LocalDate.parse("2026-11-20"), Map.of());
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    driver.acknowledge(dept);
    driver.study(dept, 8, false);
    driver.report(dept, "按时报告");

    clock("2026-11-23T10:00:00");
    driver.runJobs();
    assertThat(dept).hasPassed(TASK_MARK_OVERDUE).hasNotPassed(SUBPROCESS_ESCALATION);
    Map<String, Object> row = row(id, "tdept");
    assertThat(row.get("OVERDUE_AT")).isNull();
    assertThat(row.get("REPORTED_LATE")).isEqualTo(false);
    // only the due-soon reminder would have gone out, and it did not: the report was in before it
    assertThat(((Number) row.get("REMINDERS_SENT")).intValue()).isZero();
    assertThat(escalationTask(dept)).isNull();
  }

  @Test
  void aNoticeMaySetItsOwnReminderDaysAndADueDateInWorkingDays() {
    clock("2026-11-16T10:00:00");
    Map<String, Object> v = new HashMap<>();
    v.put(NoticeProcess.REPORT_DUE_WORKING_DAYS, 5);
    v.put(NoticeProcess.ACKNOWLEDGE_REMINDER_DAYS, 1);
    v.put(NoticeProcess.DUE_SOON_DAYS, 1);
    long id = issueToDepartment(null, v);
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    // five working days from Monday the 16th is Monday the 23rd
    assertThat(engine.getRuntimeService().getVariable(dept.getId(), REPORT_DUE_DATE)).isEqualTo("2026-11-23");
    assertThat(timer(dept, TIMER_ACKNOWLEDGE_REMINDER).getDuedate()).isEqualTo(at("2026-11-17T09:00:00"));
    assertThat(timer(dept, TIMER_REPORT_DUE_SOON).getDuedate()).isEqualTo(at("2026-11-20T09:00:00"));
    assertThat(timer(dept, TIMER_REPORT_OVERDUE).getDuedate()).isEqualTo(at("2026-11-24T09:00:00"));
  }

  @Test
  void aFailingReminderIsRetriedThenRaisesAnIncidentAndOnceFixedDoesItsWorkOnce() {
    clock("2026-11-16T10:00:00");
    long id = issueToDepartment(LocalDate.parse("2026-11-27"), Map.of());
    ProcessInstance dept = driver.unitInstance(id, "tdept");
    Map<String, Object> saved = row(id, "tdept");
    // the unit's progress row goes missing: the reminder cannot do its work
    jdbc.update("delete from cascade_unit where notice_id = :n and unit_code = :u", Map.of("n", id, "u", "tdept"));

    clock("2026-11-18T09:01:00");
    Job job = timer(dept, TIMER_ACKNOWLEDGE_REMINDER);
    for (int attempt = 1; attempt <= 3; attempt++) {
      String jobId = job.getId();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.getManagementService().executeJob(jobId))
          .hasMessageContaining("不在进度表中");
      job = engine.getManagementService().createJobQuery().jobId(jobId).singleResult();
      // R3/PT5M: three attempts in all, five minutes apart
      assertThat(job.getRetries()).isEqualTo(3 - attempt);
      if (attempt < 3) {
        assertThat(job.getDuedate()).isEqualTo(new Date(ClockUtil.getCurrentTime().getTime() + 5 * 60_000));
        ClockUtil.setCurrentTime(job.getDuedate());
      }
    }
    Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(dept.getId()).singleResult();
    assertThat(incident.getIncidentType()).isEqualTo("failedJob");
    assertThat(incident.getActivityId()).isEqualTo(TIMER_ACKNOWLEDGE_REMINDER);

    // an operator restores the row and retries the job from Cockpit
    saved.put("REMINDERS_SENT", 0);
    jdbc.update("insert into cascade_unit (notice_id, unit_code, superior_code, path, level, status, report_due_date,"
        + " process_instance_id, received_at, level1_unit, may_relay) values (:NOTICE_ID, :UNIT_CODE, :SUPERIOR_CODE,"
        + " :PATH, :LEVEL, :STATUS, :REPORT_DUE_DATE, :PROCESS_INSTANCE_ID, :RECEIVED_AT, :LEVEL1_UNIT, :MAY_RELAY)",
        saved);
    engine.getManagementService().setJobRetries(job.getId(), 1);
    engine.getManagementService().executeJob(job.getId());
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(dept.getId()).count()).isZero();
    // the failed attempts rolled back whole: one reminder counted and queued, not four
    assertThat(reminders(id, "tdept")).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from notification_outbox where message_key like :k",
        Map.of("k", "reminder-acknowledge:" + id + "/%"), Integer.class)).isEqualTo(1);
    assertThat(dept).hasPassed(TASK_REMIND_ACKNOWLEDGE);
  }

  private ProcessInstance issuerInstance(long noticeId) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(NoticeProcess.KEY)
        .processInstanceBusinessKey(String.valueOf(noticeId)).singleResult();
  }

  private long summaryTasks(ProcessInstance issuer) {
    return engine.getTaskService().createTaskQuery().processInstanceId(issuer.getId())
        .taskDefinitionKey(NoticeProcess.TASK_SUMMARY).count();
  }

  @Test
  void summaryFallsDueAtReminderTimeOnTheFirstWorkingDayAfterTheNationalDayHoliday() {
    clock("2026-09-21T10:00:00"); // a Monday
    long id = issueToDepartment(LocalDate.parse("2026-09-30"), Map.of()); // Wednesday, then 国庆 10/1–10/7
    ProcessInstance issuer = issuerInstance(id);
    // Thursday 10/8 is the first working day after it
    assertThat(new Date(timer(issuer, NoticeProcess.TIMER_REPORT_DUE).getDuedate().getTime()))
        .isEqualTo(at("2026-10-08T09:00:00"));

    // formerly due at midnight after the due date; now nothing on the holiday, nor early on 10/8
    for (String notYet : List.of("2026-10-01T00:00:00", "2026-10-07T12:00:00", "2026-10-08T08:59:00")) {
      clock(notYet);
      driver.runJobs();
      assertThat(summaryTasks(issuer)).as(notYet).isZero();
    }
    clock("2026-10-08T09:00:00");
    driver.runJobs();
    assertThat(summaryTasks(issuer)).isEqualTo(1);
  }

  @Test
  void aServerInUtcStillRemindsAndSummarisesAtNineBeijingTime() {
    TimeZone jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    try {
      ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-16T02:00:00Z"))); // Monday 10:00 in Beijing
      long id = issueToDepartment(LocalDate.parse("2026-11-27"), Map.of()); // due on a Friday
      ProcessInstance issuer = issuerInstance(id);
      ProcessInstance dept = driver.unitInstance(id, "tdept");
      // 09:00 北京时间 = 01:00 UTC, whatever the JVM's zone
      assertThat(timer(dept, TIMER_ACKNOWLEDGE_REMINDER).getDuedate().toInstant())
          .isEqualTo(Instant.parse("2026-11-18T01:00:00Z"));
      assertThat(timer(dept, TIMER_REPORT_OVERDUE).getDuedate().toInstant())
          .isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));
      assertThat(timer(issuer, NoticeProcess.TIMER_REPORT_DUE).getDuedate().toInstant())
          .isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));

      ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-18T00:59:00Z")));
      driver.runJobs();
      assertThat(reminders(id, "tdept")).isZero();
      ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-18T01:00:00Z")));
      driver.runJobs();
      assertThat(reminders(id, "tdept")).isEqualTo(1);

      ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-30T00:59:00Z")));
      driver.runJobs();
      assertThat(summaryTasks(issuer)).isZero();
      ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-30T01:00:00Z")));
      driver.runJobs();
      assertThat(summaryTasks(issuer)).isEqualTo(1);
      assertThat(row(id, "tdept").get("OVERDUE_AT")).isNotNull();
    } finally {
      TimeZone.setDefault(jvmZone);
    }
  }
}
