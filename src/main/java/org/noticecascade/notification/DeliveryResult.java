package org.noticecascade.notification;

/**
 * What a channel's receivers answered about one message, when the channel itself worked (a channel that cannot be
 * reached throws instead, see {@link NotificationChannel#deliver}).
 *
 * @param reason for {@code RETRY} and {@code REFUSED}: who did not get it and why, in Chinese (stored and shown)
 */
public record DeliveryResult(Outcome outcome, String reason) {

  public enum Outcome {
    /** Delivered (to every recipient that could get it). */
    SENT,
    /** A receiver asked to be tried again later (SMTP 4xx); the rest were delivered and are not sent again. */
    RETRY,
    /** A receiver refused it for good (SMTP 5xx, an address that is none); the rest were delivered. */
    REFUSED
  }

  static final DeliveryResult SENT = new DeliveryResult(Outcome.SENT, null);

  static DeliveryResult retry(String reason) {
    return new DeliveryResult(Outcome.RETRY, reason);
  }

  static DeliveryResult refused(String reason) {
    return new DeliveryResult(Outcome.REFUSED, reason);
  }
}
