package org.noticecascade.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The embedded default: notifications go to the log. */
@Component
class LoggingChannel implements NotificationChannel {

  private static final Logger LOG = LoggerFactory.getLogger("notification");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public void deliver(Notification n) {
    LOG.info("通知 {}：{}｜{}｜{}", n.recipientGroup(), n.subject(), n.body(), n.link());
  }
}
