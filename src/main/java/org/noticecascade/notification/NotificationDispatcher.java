package org.noticecascade.notification;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds, after the steps that wrote it have committed. Each round claims due deliveries with
 * a lease (a conditional update; see {@link OutboxRepository#claim}), so several dispatchers, on one node or many,
 * never take the same delivery at once, and a delivery left claimed by a dispatcher that died is taken again when
 * its lease runs out. A failed delivery waits with exponential backoff and fails for good after the configured
 * attempts. Each (message, channel) is tracked apart: one channel's outage never repeats another's sends.
 */
public class NotificationDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final OutboxRepository outbox;
  private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
  private final NotificationProperties.Dispatcher settings;
  private final Clock clock;

  NotificationDispatcher(OutboxRepository outbox, List<NotificationChannel> channels,
      NotificationProperties.Dispatcher settings, Clock clock) {
    this.outbox = outbox;
    channels.forEach(c -> this.channels.put(c.name(), c));
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * One round: claims and sends due deliveries batch by batch until none is left. A channel that fails is not tried
   * again in this round; what was claimed for it goes back untried, to wait with the failed one.
   *
   * @return the number of deliveries tried
   */
  public int poll() {
    Map<String, LocalDateTime> resting = new HashMap<>();
    int tried = 0;
    while (resting.size() < channels.size()) {
      LocalDateTime now = now();
      String token = UUID.randomUUID().toString();
      List<String> open = channels.keySet().stream().filter(c -> !resting.containsKey(c)).toList();
      List<OutboxRepository.Claim> batch = outbox.claim(open, now, now.plus(settings.lease()), settings.batchSize(),
          token);
      for (OutboxRepository.Claim claim : batch) {
        LocalDateTime resumeAt = resting.get(claim.channel());
        if (resumeAt != null) {
          outbox.release(claim, token, resumeAt);
          continue;
        }
        tried++;
        try {
          channels.get(claim.channel()).deliver(claim.message());
        } catch (RuntimeException e) {
          resting.put(claim.channel(), failed(claim, token, e));
          continue;
        }
        if (!outbox.markSent(claim, token, now())) {
          LOG.warn("通知 {} 已经由渠道 {} 发出，但其认领已过期并被另一发送进程接手：接收方可能收到两次（可按 {} 去重）",
              claim.message().id(), claim.channel(), claim.message().idempotencyKey());
        }
      }
      if (batch.size() < settings.batchSize()) {
        break;
      }
    }
    return tried;
  }

  /** Records the failure; returns when the channel should be tried again. */
  private LocalDateTime failed(OutboxRepository.Claim claim, String token, RuntimeException e) {
    String error = describe(e);
    LocalDateTime now = now();
    long id = claim.message().id();
    if (claim.attempt() >= settings.maxAttempts()) {
      outbox.markFailed(claim, token, now, error);
      LOG.error("通知 {}（{}）经渠道 {} 发送 {} 次均失败，不再重试（管理员可在 /api/notifications?status=failed 查看并重发）：{}",
          id, claim.message().notification().key(), claim.channel(), claim.attempt(), error);
      return now.plus(settings.backoff().initial());
    }
    LocalDateTime next = now.plus(settings.backoff().after(claim.attempt()));
    outbox.markRetry(claim, token, next, error);
    LOG.warn("通知 {}（{}）经渠道 {} 发送失败（第 {}/{} 次），{} 重试：{}", id, claim.message().notification().key(),
        claim.channel(), claim.attempt(), settings.maxAttempts(), next, error);
    return next;
  }

  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null && s.length() < OutboxRepository.ERROR_MAX; t = t.getCause()) {
      if (!s.isEmpty()) {
        s.append(" ← ");
      }
      s.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        s.append(": ").append(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return s.toString();
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock);
  }
}
