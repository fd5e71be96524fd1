package org.noticecascade.notification;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A channel that sends the messages due together as it sees fit (merged into fewer posts, within a receiver's rate
 * limit) rather than one by one. The dispatcher claims its deliveries in batches of {@link #batchSize} and records
 * each outcome as the channel reports it, right after each post.
 */
interface MergingChannel extends NotificationChannel {

  /** How many deliveries the dispatcher claims for it at a time: the more, the more can be merged. */
  int batchSize();

  /** Sends the messages, reporting every one of them to {@code outcomes} exactly once. */
  void deliverAll(List<OutboxMessage> messages, Outcomes outcomes);

  /** What became of the messages of one post (or of one receiver). */
  interface Outcomes {

    /** The receiver took them: all are marked sent in one transaction. */
    void sent(List<OutboxMessage> messages);

    /** There is nothing to send them to: done, not failed. */
    void skipped(List<OutboxMessage> messages, String note);

    /** The post failed: each is tried again after its backoff (or fails for good); returns the earliest retry. */
    LocalDateTime failed(List<OutboxMessage> messages, String error);

    /** The receiver refused them for good (its address is none): failed at once. */
    void refused(List<OutboxMessage> messages, String error);

    /** Not tried (the receiver's rate limit, or it just failed): back to the queue until then, no attempt used. */
    void held(List<OutboxMessage> messages, LocalDateTime until);
  }
}
