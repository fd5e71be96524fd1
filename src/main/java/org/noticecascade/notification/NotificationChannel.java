package org.noticecascade.notification;

/**
 * One way of delivering notifications (log, e-mail, webhook …). The dispatcher calls it after the step that wrote
 * the message has committed.
 */
public interface NotificationChannel {

  /** The name stored with each delivery ({@code log}, {@code email}, {@code webhook}); never change it. */
  String name();

  /**
   * Delivers the message. An exception means the channel could not deliver it now (its server unreachable or
   * erring): the message is tried again later, and the channel's other messages wait with it. A receiver's answer
   * about this message alone (one e-mail recipient refused) is the result instead, and the channel goes on.
   */
  DeliveryResult deliver(OutboxMessage message);

  /**
   * Whether this channel takes the message at all (SMS takes only some kinds, as it costs money); asked when the
   * message is written, so a channel that does not take it gets no delivery row.
   */
  default boolean accepts(Notification notification) {
    return true;
  }
}
