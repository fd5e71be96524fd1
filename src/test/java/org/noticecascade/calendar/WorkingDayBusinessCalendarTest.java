package org.noticecascade.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.impl.calendar.BusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DueDateBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.support.EngineClock;

/** How the engine's calendars read timer values once the plugin has installed them (no engine needed). */
class WorkingDayBusinessCalendarTest {

  private static final WorkingDayCalendar CALENDAR = new WorkingDayCalendar();
  private final BusinessCalendar durations =
      new WorkingDayCalendarPlugin.WorkingDurations(CALENDAR, new DurationBusinessCalendar());
  private final BusinessCalendar dueDates =
      new WorkingDayCalendarPlugin.WorkingDurations(CALENDAR, new DueDateBusinessCalendar());
  private final WorkingDayCalendarPlugin.Cycles cycles = new WorkingDayCalendarPlugin.Cycles(CALENDAR);

  // Friday before 春节 2026, 10:00
  private static final Date FRIDAY = at("2026-02-13T10:00");

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  static Date at(String localDateTime) {
    return Date.from(LocalDateTime.parse(localDateTime).atZone(EngineClock.zone()).toInstant());
  }

  @Test
  void daysInADurationAreWorkingDaysAtTheSameTimeOfDay() {
    assertThat(durations.resolveDuedate("P1D", FRIDAY)).isEqualTo(at("2026-02-14T10:00"));
    assertThat(durations.resolveDuedate("P2D", FRIDAY)).isEqualTo(at("2026-02-24T10:00"));
    assertThat(durations.resolveDuedate("P1W", FRIDAY)).isEqualTo(at("2026-02-27T10:00"));
    assertThat(durations.resolveDuedate("P1DT2H", FRIDAY)).isEqualTo(at("2026-02-14T12:00"));
  }

  @Test
  void hoursMinutesMonthsAndYearsStayOnTheClock() {
    assertThat(durations.resolveDuedate("PT4H", FRIDAY)).isEqualTo(at("2026-02-13T14:00"));
    assertThat(durations.resolveDuedate("PT30M", FRIDAY)).isEqualTo(at("2026-02-13T10:30"));
    // 16 hours from Friday evening lands on the holiday: clock time does not skip it
    assertThat(durations.resolveDuedate("PT16H", at("2026-02-14T18:00"))).isEqualTo(at("2026-02-15T10:00"));
    assertThat(durations.resolveDuedate("P1M", FRIDAY)).isEqualTo(at("2026-03-13T10:00"));
    assertThat(durations.resolveDuedate("P1Y", FRIDAY)).isEqualTo(at("2027-02-13T10:00"));
  }

  @Test
  void withoutAStartTheEnginesClockCounts() {
    ClockUtil.setCurrentTime(FRIDAY);
    assertThat(durations.resolveDuedate("P2D")).isEqualTo(at("2026-02-24T10:00"));
    assertThat(dueDates.resolveDuedate("P2D")).isEqualTo(at("2026-02-24T10:00"));
  }

  @Test
  void aDateStaysAsGiven() {
    assertThat(dueDates.resolveDuedate("2026-02-15T09:00:00", FRIDAY)).isEqualTo(at("2026-02-15T09:00"));
  }

  @Test
  void aDailyCycleFiresOnWorkingDaysOnly() {
    ClockUtil.setCurrentTime(FRIDAY);
    // as TimerEntity first resolves it, and then with the creation time written in as the start (with Beijing's
    // offset here: the engine writes it in the JVM's zone, which this test does not assume)
    assertThat(cycles.resolveDuedate("R/P1D")).isEqualTo(at("2026-02-14T10:00"));
    String repeat = "R3/2026-02-13T10:00:00+08:00/P1D";
    assertThat(cycles.resolveDuedate(repeat)).isEqualTo(at("2026-02-14T10:00"));
    ClockUtil.setCurrentTime(at("2026-02-14T10:00"));
    assertThat(cycles.resolveDuedate(repeat, null, 0L)).isEqualTo(at("2026-02-24T10:00"));
    ClockUtil.setCurrentTime(at("2026-02-24T10:00"));
    assertThat(cycles.resolveDuedate(repeat, null, 0L)).isEqualTo(at("2026-02-25T10:00"));
    // three firings, then no more
    ClockUtil.setCurrentTime(at("2026-02-25T10:00"));
    assertThat(cycles.resolveDuedate(repeat, null, 0L)).isNull();
  }

  @Test
  void aCycleWithAFutureStartFiresFirstAtItsStart() {
    ClockUtil.setCurrentTime(FRIDAY);
    assertThat(cycles.resolveDuedate("R2/2026-02-16T09:00:00+08:00/P2D")).isEqualTo(at("2026-02-16T09:00"));
    ClockUtil.setCurrentTime(at("2026-02-16T09:00"));
    assertThat(cycles.resolveDuedate("R2/2026-02-16T09:00:00+08:00/P2D")).isEqualTo(at("2026-02-25T09:00"));
  }

  @Test
  void aMovedJobKeepsItsOffset() {
    // a job moved one hour later keeps firing an hour after the working-day grid
    ClockUtil.setCurrentTime(at("2026-02-14T11:00"));
    long hour = 3_600_000L;
    assertThat(cycles.resolveDuedate("R/2026-02-13T10:00:00+08:00/P1D", null, hour)).isEqualTo(at("2026-02-24T11:00"));
  }

  @Test
  void clockCyclesAndCronStayTheEngines() {
    ClockUtil.setCurrentTime(FRIDAY);
    assertThat(cycles.resolveDuedate("R/PT12H")).isEqualTo(at("2026-02-13T22:00"));
    // cron runs in the JVM's zone, as in plain Camunda (our processes use none): Saturday's 09:00 there
    ClockUtil.setCurrentTime(inJvmZone("2026-02-13T10:00"));
    assertThat(cycles.resolveDuedate("0 0 9 * * ?")).isEqualTo(inJvmZone("2026-02-14T09:00"));
  }

  private static Date inJvmZone(String localDateTime) {
    return Date.from(LocalDateTime.parse(localDateTime).atZone(ZoneId.systemDefault()).toInstant());
  }
}
