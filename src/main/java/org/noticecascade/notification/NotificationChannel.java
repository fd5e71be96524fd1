package org.noticecascade.notification;

/** One way of delivering notifications (log, e-mail, webhook …). */
public interface NotificationChannel {

  String name();

  void deliver(Notification notification);
}
