package org.noticecascade.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * Working days (工作日) in the Chinese calendar: weekends, public holidays and adjusted working days (调休).
 * Every deadline counted in working days, and every engine timer, goes through this one calendar.
 */
@Component
public class WorkingDayCalendar {

  // SKELETON: weekends only, until the holiday data file is read (issue 4)
  public boolean isWorkingDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** The n-th working day after {@code from} (n ≥ 1); for n = 0, {@code from} itself if it is a working day, else the next one. */
  public LocalDate plusWorkingDays(LocalDate from, int n) {
    if (n < 0) {
      return minusWorkingDays(from, -n);
    }
    LocalDate day = from;
    if (n == 0) {
      while (!isWorkingDay(day)) {
        day = day.plusDays(1);
      }
      return day;
    }
    for (int left = n; left > 0; ) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        left--;
      }
    }
    return day;
  }

  /** The n-th working day before {@code from} (n ≥ 1). */
  public LocalDate minusWorkingDays(LocalDate from, int n) {
    LocalDate day = from;
    for (int left = n; left > 0; ) {
      day = day.minusDays(1);
      if (isWorkingDay(day)) {
        left--;
      }
    }
    return day;
  }

  /** How many working days d there are with {@code fromExclusive < d ≤ toInclusive}; 0 when to ≤ from. */
  public int workingDaysBetween(LocalDate fromExclusive, LocalDate toInclusive) {
    int count = 0;
    for (LocalDate d = fromExclusive.plusDays(1); !d.isAfter(toInclusive); d = d.plusDays(1)) {
      if (isWorkingDay(d)) {
        count++;
      }
    }
    return count;
  }
}
