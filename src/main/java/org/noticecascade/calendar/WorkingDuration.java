package org.noticecascade.calendar;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.noticecascade.support.EngineClock;

/**
 * An ISO 8601 duration whose days are working days: {@code P3D} is three working days later at the same time of
 * day, {@code P1W} five working days, {@code PT4H} four clock hours, {@code P1DT2H} one working day and then two
 * hours; years and months count as on the wall calendar.
 */
record WorkingDuration(int years, int months, int workingDays, Duration clock) {

  private static final Pattern ISO = Pattern.compile(
      "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T((?:\\d+H)?(?:\\d+M)?(?:\\d+(?:[.,]\\d+)?S)?))?");

  /** The duration, or empty for anything else (negative or malformed values are left to the engine). */
  static Optional<WorkingDuration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    Matcher m = ISO.matcher(trimmed);
    if (!m.matches() || trimmed.equals("P") || trimmed.endsWith("T")) {
      return Optional.empty();
    }
    try {
      String time = m.group(5);
      Duration clock = time == null || time.isEmpty() ? Duration.ZERO : Duration.parse("PT" + time);
      return Optional.of(new WorkingDuration(number(m.group(1)), number(m.group(2)),
          Math.addExact(Math.multiplyExact(number(m.group(3)), 5), number(m.group(4))), clock));
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException tooLarge) {
      return Optional.empty();
    }
  }

  private static int number(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }

  LocalDateTime addTo(LocalDateTime start, WorkingDayCalendar calendar) {
    LocalDateTime t = start.plusYears(years).plusMonths(months);
    if (workingDays > 0) {
      t = calendar.plusWorkingDays(t.toLocalDate(), workingDays).atTime(t.toLocalTime());
    }
    return t.plus(clock);
  }

  /** {@code description} added to {@code start} (the engine's clock when null), or empty when it is no such duration. */
  static Optional<Date> resolve(String description, Date start, WorkingDayCalendar calendar) {
    return parse(description).map(d -> d.addTo(start != null ? start : ClockUtil.getCurrentTime(), calendar));
  }

  /** The engine's dates are instants; days are counted in the configured zone (Beijing's days, not the server's). */
  Date addTo(Date start, WorkingDayCalendar calendar) {
    return EngineClock.at(addTo(EngineClock.local(start), calendar));
  }
}
