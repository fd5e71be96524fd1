package org.noticecascade.notification;

import java.util.List;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.WebProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The one place that sends notifications. {@link #send} writes the message to the outbox in the caller's
 * transaction (the engine step's), and {@link NotificationDispatcher} delivers it after that commits: a rolled-back
 * step sends nothing, and a committed one is delivered even if a channel is down for a while.
 */
@Service
public class NotificationService {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);

  private final OutboxRepository outbox;
  private final List<NotificationChannel> channels;
  private final String baseUrl;

  @Autowired
  NotificationService(OutboxRepository outbox, List<NotificationChannel> channels, WebProperties web) {
    this(outbox, channels, web.baseUrl());
  }

  // the outbox tests build it without Spring
  NotificationService(OutboxRepository outbox, List<NotificationChannel> channels, String baseUrl) {
    this.outbox = outbox;
    this.channels = channels;
    this.baseUrl = baseUrl;
  }

  /** Link to a task in Tasklist. */
  public String taskLink(String taskId) {
    return baseUrl + "/camunda/app/tasklist/default/#/?task=" + taskId;
  }

  public String tasklistLink() {
    return baseUrl + "/camunda/app/tasklist/default/";
  }

  /**
   * Queues the message for every enabled channel; a message whose key is already in the outbox is not queued
   * again, so a retried step cannot send it twice.
   */
  public void send(Notification notification) {
    if (notification.key() == null || notification.key().isBlank() || notification.recipientGroup() == null
        || notification.subject() == null) {
      throw new IllegalArgumentException("a notification needs a key, a recipient group and a subject");
    }
    List<String> names = channels.stream().filter(c -> c.accepts(notification)).map(NotificationChannel::name).toList();
    if (!outbox.enqueue(notification, names, EngineClock.now())) {
      LOG.debug("notification {} is already in the outbox", notification.key());
    }
  }

  /**
   * Retention of the outbox: deletes a batch of messages older than {@code before} whose every delivery was sent, in
   * one transaction; how many. Call until 0.
   */
  public int deleteSentBefore(java.time.LocalDateTime before, int limit) {
    return outbox.deleteSent(before, limit);
  }
}
