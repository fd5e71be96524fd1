package org.noticecascade.monitoring;

import java.time.Duration;
import org.noticecascade.notification.OutboxFigures;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code outbox} in readiness: DOWN while a notification has been due for longer than {@code dispatcher-max-lag}
 * (10 minutes) without any node's dispatcher taking it, so messages pile up unsent. A message waiting for its next
 * attempt because its channel is down (a mail server, a webhook) does not count: that is not this node's fault,
 * and taking every node out of service would not bring the mail server back; it shows in
 * {@code notice_cascade_outbox_oldest_pending_age_seconds}, for an alert. Asks the database on each call (a few
 * index look-ups), so a probe sees the outbox as it is now.
 */
class OutboxHealth implements HealthIndicator {

  private final OutboxFigures outbox;
  private final Duration maxLag;

  OutboxHealth(OutboxFigures outbox, Duration maxLag) {
    this.outbox = outbox;
    this.maxLag = maxLag;
  }

  @Override
  public Health health() {
    Duration lag = outbox.dispatcherLag();
    Health.Builder health = lag.compareTo(maxLag) > 0
        ? Health.down().withDetail("reason", "有通知到期 " + lag.toSeconds() + " 秒仍未发送 notifications are not being sent")
        : Health.up();
    return health.withDetail("dispatcherLagSeconds", lag.toSeconds()).withDetail("maxLagSeconds", maxLag.toSeconds())
        .build();
  }
}
