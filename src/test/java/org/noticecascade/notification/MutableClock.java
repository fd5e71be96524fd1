package org.noticecascade.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** A clock the test moves, so backoff and leases run out without waiting. */
final class MutableClock extends Clock {

  // whole milliseconds: the database keeps microseconds
  private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneId.systemDefault();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Instant instant() {
    return now;
  }
}
