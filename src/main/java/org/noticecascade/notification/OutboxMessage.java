package org.noticecascade.notification;

import java.time.LocalDateTime;

/** A notification as the outbox holds it: its row id makes the idempotency key that goes on the wire. */
public record OutboxMessage(long id, Notification notification, LocalDateTime createdAt) {

  /**
   * The same for every attempt of this message on every channel: e-mail Message-ID, webhook Idempotency-Key. A
   * receiver that sees it twice (the process died between sending and recording the send) can drop the repeat.
   */
  public String idempotencyKey() {
    return "notification-" + id;
  }
}
