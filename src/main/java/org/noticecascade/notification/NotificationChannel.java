package org.noticecascade.notification;

/**
 * One way of delivering notifications (log, e-mail, webhook …). The dispatcher calls it after the step that wrote
 * the message has committed; an exception means "not delivered, try again later".
 */
public interface NotificationChannel {

  /** The name stored with each delivery ({@code log}, {@code email}, {@code webhook}); never change it. */
  String name();

  void deliver(OutboxMessage message);
}
