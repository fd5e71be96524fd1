package org.noticecascade.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.noticecascade.calendar.WorkingDayBusinessCalendarTest.at;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.testing.Coverage;
import org.noticecascade.testing.EngineTestContext;

/** Timers on the real engine (the test context installs the plugin as the Spring Boot starter does). */
@Deployment(resources = "calendar/working-day-timers.bpmn")
class WorkingDayTimerProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension extension = Coverage.extension();

  private final ProcessEngine engine = EngineTestContext.engine();
  private final ManagementService management = engine.getManagementService();

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private ProcessInstance start(String now, String duration, String cycle, String date) {
    ClockUtil.setCurrentTime(at(now));
    return engine.getRuntimeService().startProcessInstanceByKey("workingDayTimers",
        Map.of("duration", duration, "cycle", cycle, "date", date));
  }

  private Job timer(ProcessInstance pi, String activityId) {
    return management.createJobQuery().processInstanceId(pi.getId()).activityId(activityId).singleResult();
  }

  /** Each waiting timer's due date by its activity id (plain Dates: the database hands back Timestamps). */
  private Map<String, Date> dues(ProcessInstance pi) {
    Map<String, Date> dues = new HashMap<>();
    for (String timer : List.of("Timer_Duration", "Timer_Cycle", "Timer_Date")) {
      Job job = timer(pi, timer);
      if (job != null) {
        dues.put(timer, new Date(job.getDuedate().getTime()));
      }
    }
    return dues;
  }

  /** Moves the engine's clock to the timer's due date and runs it, as the job executor would; returns that date. */
  private Date fire(ProcessInstance pi, String activityId) {
    Date due = dues(pi).get(activityId);
    ClockUtil.setCurrentTime(due);
    management.executeJob(timer(pi, activityId).getId());
    return due;
  }

  @Test
  void springFestival2026() {
    // Friday 2026-02-13: the Saturday after is an adjusted working day, then 2/15–2/23 are off
    ProcessInstance pi = start("2026-02-13T10:00", "P2D", "R2/P1D", "2026-02-16T09:00:00");
    // a date is a date, holiday or not
    assertThat(dues(pi)).containsExactlyInAnyOrderEntriesOf(Map.of("Timer_Duration", at("2026-02-24T10:00"),
        "Timer_Cycle", at("2026-02-14T10:00"), "Timer_Date", at("2026-02-16T09:00")));

    fire(pi, "Timer_Cycle");
    assertThat(dues(pi)).containsEntry("Timer_Cycle", at("2026-02-24T10:00"));
    fire(pi, "Timer_Cycle");
    // R2: two firings, then the cycle is done and the task still waits
    assertThat(timer(pi, "Timer_Cycle")).isNull();
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey("Task_Cycle")
        .count()).isEqualTo(1);
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
        .activityId("End_CycleFired").count()).isEqualTo(2);
  }

  @Test
  void nationalDay2026AndAWeekend() {
    // Wednesday 9/30: 国庆 10/1–10/7, Thursday 10/8 and the working Saturday 10/10
    // a cycle's start without an offset is in the JVM's zone (as the engine writes it): give Beijing's offset
    ProcessInstance pi = start("2026-09-30T16:30", "P2D", "R/2026-09-30T09:00:00+08:00/P1D", "2026-10-01T00:00:00");
    assertThat(dues(pi)).containsEntry("Timer_Duration", at("2026-10-09T16:30"));
    // then an ordinary weekend: Friday 10/16 is followed by Monday 10/19
    List<Date> fired = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      fired.add(fire(pi, "Timer_Cycle"));
    }
    assertThat(fired).containsExactly(at("2026-10-08T09:00"), at("2026-10-09T09:00"), at("2026-10-10T09:00"),
        at("2026-10-12T09:00"), at("2026-10-13T09:00"), at("2026-10-14T09:00"), at("2026-10-15T09:00"),
        at("2026-10-16T09:00"), at("2026-10-19T09:00"));
  }

  @Test
  void clockTimeStaysClockTime() {
    ProcessInstance pi = start("2026-02-13T17:00", "PT20H", "R/PT12H", "2026-02-14T08:00:00");
    assertThat(dues(pi)).containsEntry("Timer_Duration", at("2026-02-14T13:00"))
        .containsEntry("Timer_Cycle", at("2026-02-14T05:00"));
    fire(pi, "Timer_Cycle");
    assertThat(dues(pi)).containsEntry("Timer_Cycle", at("2026-02-14T17:00"));
  }
}
