package org.noticecascade.escalation;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.noticecascade.calendar.WorkingDayCalendar;
import org.noticecascade.cascade.UnitCascadeProcess;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.support.EngineClock;
import org.springframework.stereotype.Component;

/**
 * When each reminder and escalation timer of a unit fires, in working days of the Chinese calendar. The BPMN timers
 * call these methods ({@code ${deadlines.overdueAt(execution)}}), so the rules live here and in
 * {@link DeadlineProperties}, not in the diagram. A notice may set its own numbers of days; otherwise the defaults
 * apply. Reminders fire at the configured time of day, so nobody is woken at midnight.
 */
@Component("deadlines")
public class Deadlines {

  private final WorkingDayCalendar calendar;
  private final NoticeService notices;
  private final LocalTime reminderTime;
  private final int acknowledgeReminderDays;
  private final int dueSoonDays;
  private final int chaseDays;
  /**
   * A notice's own numbers of days, by notice id. They are fixed when the notice is registered, and every unit's
   * start evaluates three timers: read once per notice, not once per timer (docs/benchmarks.md).
   */
  private final Map<Long, NoticeDays> noticeDays = new ConcurrentHashMap<>();

  Deadlines(WorkingDayCalendar calendar, NoticeService notices, DeadlineProperties properties) {
    this.calendar = calendar;
    this.notices = notices;
    this.reminderTime = LocalTime.parse(properties.reminderTime());
    this.acknowledgeReminderDays = properties.acknowledgeReminderDays();
    this.dueSoonDays = properties.dueSoonDays();
    this.chaseDays = properties.chaseDays();
  }

  /** A due date given as a number of working days from today. */
  public LocalDate dueIn(int workingDays) {
    return calendar.plusWorkingDays(EngineClock.today(), workingDays);
  }

  /** 签收 still not done N working days after receipt: remind the unit. */
  public Date acknowledgeReminderAt(VariableScope unit) {
    int days = orDefault(noticeDays(unit).acknowledgeReminder(), acknowledgeReminderDays);
    return at(calendar.plusWorkingDays(EngineClock.today(), days));
  }

  /** N working days before the unit's report due date: remind it if it has not reported. */
  public Date dueSoonAt(VariableScope unit) {
    int days = orDefault(noticeDays(unit).dueSoon(), dueSoonDays);
    return at(calendar.minusWorkingDays(dueDate(unit), days));
  }

  /**
   * The report may be submitted all through its due date; the unit is overdue from the first working day after it
   * (a report due on a Friday is chased on Monday, not over the weekend).
   */
  public Date overdueAt(VariableScope unit) {
    return firstWorkingDayAfterDue(unit);
  }

  /**
   * The issuer's 汇总 (noticeIssue's {@code Timer_ReportDue}) falls due when the units become overdue: at reminder
   * time on the first working day after the due date, never at midnight nor on a holiday.
   */
  public Date summaryAt(VariableScope notice) {
    return firstWorkingDayAfterDue(notice);
  }

  private Date firstWorkingDayAfterDue(VariableScope scope) {
    return at(calendar.nextWorkingDay(dueDate(scope)));
  }

  /** The next daily reminder of an overdue unit: the next working day. */
  public Date nextReminderAt() {
    return at(calendar.plusWorkingDays(EngineClock.today(), 1));
  }

  /**
   * Whether the daily reminders of an overdue unit end here: the next one would fall more than chase-days working
   * days after the due date. Asked before each wait, so the last reminder goes out on the chase-days-th working day.
   */
  public boolean chaseOver(VariableScope unit) {
    LocalDate nextReminder = calendar.plusWorkingDays(EngineClock.today(), 1);
    return daysLate(dueDate(unit), nextReminder) > chaseDays;
  }

  /**
   * A notice's daily check (its leaders' digest, a 汇总 after late reports): the next working day, an hour after
   * reminder time, so that the units' own overdue marking of that morning is counted.
   */
  public Date nextDailyCheckAt() {
    return Date.from(at(calendar.plusWorkingDays(EngineClock.today(), 1)).toInstant().plus(DAILY_CHECK_DELAY));
  }

  private static final java.time.Duration DAILY_CHECK_DELAY = java.time.Duration.ofHours(1);

  /** A notice nobody closed stops chasing (逾期未办结) once today is more than chase-days working days past its due date. */
  public boolean noticeChaseOver(LocalDate dueDate) {
    return daysLate(dueDate, EngineClock.today()) > chaseDays;
  }

  /** Working days past the due date until {@code day}; 0 when not late. */
  public int daysLate(LocalDate dueDate, LocalDate day) {
    return calendar.workingDaysBetween(dueDate, day);
  }

  // a unit's instance and the notice's carry the due date under the same name
  private static LocalDate dueDate(VariableScope scope) {
    return LocalDate.parse((String) scope.getVariable(UnitCascadeProcess.REPORT_DUE_DATE));
  }

  private NoticeDays noticeDays(VariableScope unit) {
    long id = ((Number) unit.getVariable(UnitCascadeProcess.NOTICE_ID)).longValue();
    NoticeDays days = noticeDays.get(id);
    if (days == null) {
      Notice notice = notices.get(id);
      days = new NoticeDays(notice.acknowledgeReminderDays(), notice.dueSoonDays());
      if (noticeDays.size() >= 10_000) {
        noticeDays.clear();
      }
      noticeDays.put(id, days);
    }
    return days;
  }

  /** What a notice sets for its own timers; null: the configured default. */
  private record NoticeDays(Integer acknowledgeReminder, Integer dueSoon) {
  }

  // an absolute instant: the engine fires it at reminder time in the configured zone, whatever the JVM's zone
  private Date at(LocalDate day) {
    return EngineClock.at(day, reminderTime);
  }

  private static int orDefault(Integer value, int fallback) {
    return value != null ? value : fallback;
  }
}
