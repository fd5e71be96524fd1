package org.noticecascade.notification;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one place that sends notifications. Messages leave only after the engine step that caused them commits,
 * so a rolled-back step sends nothing.
 */
@Service
public class NotificationService {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);

  private final List<NotificationChannel> channels;
  private final String baseUrl;

  NotificationService(List<NotificationChannel> channels, @Value("${notice-cascade.base-url:http://localhost:8080}") String baseUrl) {
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

  public void send(Notification notification) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          deliver(notification);
        }
      });
    } else {
      deliver(notification);
    }
  }

  private void deliver(Notification notification) {
    for (NotificationChannel channel : channels) {
      try {
        channel.deliver(notification);
      } catch (RuntimeException e) {
        LOG.warn("通知发送失败（渠道 {}，接收组 {}）：{}", channel.name(), notification.recipientGroup(), e.getMessage());
      }
    }
  }
}
