package org.noticecascade.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded default: notifications go to the log. */
class LoggingChannel implements NotificationChannel {

  private static final Logger LOG = LoggerFactory.getLogger("notification");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public DeliveryResult deliver(OutboxMessage message) {
    Notification n = message.notification();
    LOG.info("通知 {} → {}：{}｜{}｜{}", message.id(), n.recipientGroup(), n.subject(), n.body(), n.link());
    return DeliveryResult.SENT;
  }
}
