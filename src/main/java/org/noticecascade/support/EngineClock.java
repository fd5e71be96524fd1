package org.noticecascade.support;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** The engine's clock, so tests that move the engine's time move our timestamps too. */
public final class EngineClock {

  private EngineClock() {
  }

  public static LocalDateTime now() {
    return LocalDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneId.systemDefault());
  }

  public static LocalDate today() {
    return now().toLocalDate();
  }
}
