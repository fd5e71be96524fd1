package org.noticecascade.calendar;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.impl.calendar.BusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.CycleBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DateTimeUtil;
import org.camunda.bpm.engine.impl.calendar.DueDateBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.MapBusinessCalendarManager;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.noticecascade.support.EngineClock;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Makes the engine count days as working days ({@link WorkingDayCalendar}) in every timer: {@code timeDuration}
 * ({@code P3D} = three working days later at the same time of day), {@code timeCycle} repeats with a day period
 * ({@code R/P1D} fires on working days only), and durations given as a task's due date. Dates ({@code timeDate})
 * and clock-time durations ({@code PT4H}) stay as they are, a date without offset read in the configured zone. The Spring Boot starter installs every
 * {@code ProcessEnginePlugin} bean; {@code EngineTestContext} adds them too.
 */
@Component
@DependsOn(EngineClock.ZONE_BEAN)
class WorkingDayCalendarPlugin extends AbstractProcessEnginePlugin {

  private final WorkingDayCalendar calendar;

  WorkingDayCalendarPlugin(WorkingDayCalendar calendar) {
    this.calendar = calendar;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // the names TimerDeclarationType and the task decorator ask for; TimerEntity casts "cycle" to CycleBusinessCalendar
    MapBusinessCalendarManager calendars = new MapBusinessCalendarManager();
    calendars.addBusinessCalendar(DurationBusinessCalendar.NAME, new WorkingDurations(calendar, new DurationBusinessCalendar()));
    calendars.addBusinessCalendar(DueDateBusinessCalendar.NAME, new WorkingDurations(calendar, new DueDateBusinessCalendar()));
    calendars.addBusinessCalendar(CycleBusinessCalendar.NAME, new Cycles(calendar));
    configuration.setBusinessCalendarManager(calendars);
  }

  /**
   * An ISO date or date-time without offset ({@code 2026-10-08T09:00:00}) in the configured zone; the engine would
   * read it in the JVM's, and a server in UTC would then fire 8 hours late. Empty for anything else (an offset
   * given, a duration), which the engine reads as before.
   */
  static Optional<Date> localDate(String text) {
    String trimmed = text == null ? "" : text.trim();
    try {
      return Optional.of(EngineClock.at(LocalDateTime.parse(trimmed)));
    } catch (DateTimeParseException notLocalDateTime) {
      try {
        return Optional.of(EngineClock.at(LocalDate.parse(trimmed).atStartOfDay()));
      } catch (DateTimeParseException notLocalDate) {
        return Optional.empty();
      }
    }
  }

  /**
   * {@code timeDuration} ("duration"), and {@code timeDate} and task due dates ("dueDate"): a duration counts
   * working days, anything else (a date, a negative duration) goes to the engine's own calendar. Only the
   * "cycle" calendar is cast to its class by the engine (checked against 7.24), so these may wrap.
   */
  static final class WorkingDurations implements BusinessCalendar {
    private final WorkingDayCalendar calendar;
    private final BusinessCalendar engines;

    WorkingDurations(WorkingDayCalendar calendar, BusinessCalendar engines) {
      this.calendar = calendar;
      this.engines = engines;
    }

    @Override
    public Date resolveDuedate(String duedate, Date startDate) {
      Optional<Date> due = WorkingDuration.resolve(duedate, startDate, calendar).or(() -> localDate(duedate));
      return due.isPresent() ? due.get() : engines.resolveDuedate(duedate, startDate);
    }

    @Override
    public Date resolveDuedate(String duedate) {
      return resolveDuedate(duedate, (Date) null);
    }

    @Override
    public Date resolveDuedate(String duedate, Task task) {
      return resolveDuedate(duedate);
    }
  }

  /**
   * {@code timeCycle}: {@code R[n]/[start/]period} with working days in the period. Like the engine's
   * DurationHelper, the k-th firing is the start advanced k times by the period (k ≤ n), the next one is the
   * first after the reference time (the engine's clock, less the job's repeat offset), and a cycle created
   * without a start gets the creation time as its start (TimerEntity writes it into the repeat). Cron
   * expressions, clock-time periods and cycles anchored at an end date are left to the engine.
   */
  static final class Cycles extends CycleBusinessCalendar {
    private final WorkingDayCalendar calendar;

    Cycles(WorkingDayCalendar calendar) {
      this.calendar = calendar;
    }

    @Override
    public Date resolveDuedate(String cycle, Date startDate) {
      return resolveDuedate(cycle, startDate, 0L);
    }

    @Override
    public Date resolveDuedate(String cycle, Date startDate, long repeatOffset) {
      String[] parts = cycle.split("/");
      boolean startGiven = parts.length == 3 && !parts[1].startsWith("P");
      Optional<WorkingDuration> period = parts.length == 2 || startGiven
          ? WorkingDuration.parse(parts[parts.length - 1]) : Optional.empty();
      if (!parts[0].startsWith("R") || period.isEmpty() || period.get().workingDays() == 0) {
        return super.resolveDuedate(cycle, startDate, repeatOffset);
      }
      int times;
      Date start;
      try {
        times = parts[0].length() == 1 ? Integer.MAX_VALUE : Integer.parseInt(parts[0].substring(1));
        // the JVM's zone without an offset: the engine writes a cycle's own start that way (TimerDeclarationImpl)
        start = startGiven ? DateTimeUtil.parseDate(parts[1]) : null;
      } catch (RuntimeException malformed) {
        // the engine's own parser reports it in its words
        return super.resolveDuedate(cycle, startDate, repeatOffset);
      }
      Date reference = startDate != null ? startDate : ClockUtil.getCurrentTime();
      Date after = new Date(reference.getTime() - repeatOffset);
      Date due = start != null ? start : reference;
      for (int fired = 0; fired < times && !due.after(after); fired++) {
        due = period.get().addTo(due, calendar);
      }
      // strictly after: a job run at exactly its last due time must not schedule itself once more
      return due.after(after) ? new Date(due.getTime() + repeatOffset) : null;
    }
  }
}
