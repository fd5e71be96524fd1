package org.noticecascade.support;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * The engine's clock, so tests that move the engine's time move our timestamps too, read in the configured zone
 * ({@code notice-cascade.time-zone}), not the JVM's: days, reminders and shown times are Beijing's.
 */
public final class EngineClock {

  /** The default of {@code notice-cascade.time-zone}. */
  public static final String DEFAULT_ZONE = "Asia/Shanghai";

  /** The bean that applies the setting: the engine's plugin depends on it, so no timer is computed before. */
  public static final String ZONE_BEAN = "engineClockZone";

  // static like the engine's own ClockUtil: the engine's calendars and our static helpers have no bean to ask
  private static volatile ZoneId zone = ZoneId.of(DEFAULT_ZONE);

  private EngineClock() {
  }

  /** The configured zone. */
  public static ZoneId zone() {
    return zone;
  }

  public static LocalDateTime now() {
    return LocalDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), zone);
  }

  public static LocalDate today() {
    return now().toLocalDate();
  }

  /** The instant a local date and time means in the configured zone, as the engine takes a timer date. */
  public static Date at(LocalDateTime local) {
    return Date.from(local.atZone(zone).toInstant());
  }

  public static Date at(LocalDate day, LocalTime time) {
    return at(day.atTime(time));
  }

  /** A date the engine holds, as a local date and time in the configured zone. */
  public static LocalDateTime local(Date date) {
    return LocalDateTime.ofInstant(date.toInstant(), zone);
  }

  /** Applies the setting when the application starts (before the job executor runs any timer). */
  @Component(ZONE_BEAN)
  static class Configured {
    Configured(TimeZoneProperties properties) {
      zone = properties.timeZone();
    }
  }
}
