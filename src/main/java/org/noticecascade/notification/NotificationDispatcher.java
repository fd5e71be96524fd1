package org.noticecascade.notification;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends what the outbox holds, after the steps that wrote it have committed. Each round claims due deliveries with
 * a lease (a conditional update; see {@link OutboxRepository#claim}), so several dispatchers, on one node or many,
 * never take the same delivery at once, and a delivery left claimed by a dispatcher that died is taken again when
 * its lease runs out. A failed delivery waits with exponential backoff and fails for good after the configured
 * attempts; one its receiver refused for good (an e-mail address the server refuses) fails at once. Each (message,
 * channel) is tracked apart: one channel's outage never repeats another's sends. Error texts are stored and logged
 * with their secrets hidden ({@link Redactor}).
 */
public class NotificationDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final OutboxRepository outbox;
  private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
  private final NotificationProperties.Dispatcher settings;
  private final Redactor redactor;
  private final Clock clock;

  NotificationDispatcher(OutboxRepository outbox, List<NotificationChannel> channels,
      NotificationProperties.Dispatcher settings, Redactor redactor, Clock clock) {
    this.outbox = outbox;
    channels.forEach(c -> this.channels.put(c.name(), c));
    this.settings = settings;
    this.redactor = redactor;
    this.clock = clock;
  }

  /**
   * One round: claims and sends due deliveries batch by batch until none is left. A channel that fails (throws) is
   * not tried again in this round; what was claimed for it goes back untried, to wait with the failed one. A
   * receiver's refusal of one message (a result, not an exception) holds up nothing else.
   *
   * @return the number of deliveries tried
   */
  public int poll() {
    Map<String, LocalDateTime> resting = new HashMap<>();
    int tried = 0;
    for (NotificationChannel c : channels.values()) {
      if (c instanceof MergingChannel merging) {
        resting.put(c.name(), null);
        tried += pollMerging(merging);
      }
    }
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
        try (LogContext context = LogContext.of(claim)) {
          DeliveryResult result;
          try {
            result = channels.get(claim.channel()).deliver(claim.message());
          } catch (RuntimeException e) {
            resting.put(claim.channel(), failed(claim, token, describe(e)));
            continue;
          }
          switch (result.outcome()) {
            case SENT -> sent(claim, token);
            case RETRY -> failed(claim, token, result.reason());
            case REFUSED -> refused(claim, token, result.reason());
          }
        }
      }
      if (batch.size() < settings.batchSize()) {
        break;
      }
    }
    return tried;
  }

  /**
   * Claims the merging channel's due deliveries batch by batch and lets it send each batch as it sees fit (see
   * {@link MergingChannel}), recording each outcome as it is reported.
   */
  private int pollMerging(MergingChannel channel) {
    int tried = 0;
    while (true) {
      LocalDateTime now = now();
      String token = UUID.randomUUID().toString();
      List<OutboxRepository.Claim> batch = outbox.claim(List.of(channel.name()), now, now.plus(settings.lease()),
          channel.batchSize(), token);
      if (batch.isEmpty()) {
        return tried;
      }
      Map<Long, OutboxRepository.Claim> open = new LinkedHashMap<>();
      batch.forEach(c -> open.put(c.message().id(), c));
      Recorder recorder = new Recorder(open, token);
      try {
        channel.deliverAll(batch.stream().map(OutboxRepository.Claim::message).toList(), recorder);
      } catch (RuntimeException e) {
        LOG.error("渠道 {} 发送时出错，未报告结果的通知稍后重试：{}", channel.name(), redactor.redact(describe(e)));
      }
      // a message the channel did not report (it threw) waits, untried, like a failed channel's
      LocalDateTime later = now().plus(settings.backoff().initial());
      List.copyOf(open.values()).forEach(c -> outbox.release(c, token, later));
      tried += batch.size() - recorder.held - open.size();
      if (batch.size() < channel.batchSize()) {
        return tried;
      }
    }
  }

  /** Records a merging channel's outcomes against the claims of one batch; each claim once. */
  private final class Recorder implements MergingChannel.Outcomes {

    private final Map<Long, OutboxRepository.Claim> open;
    private final String token;
    private int held;

    Recorder(Map<Long, OutboxRepository.Claim> open, String token) {
      this.open = open;
      this.token = token;
    }

    private List<OutboxRepository.Claim> take(List<OutboxMessage> messages) {
      return messages.stream().map(m -> open.remove(m.id())).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public void sent(List<OutboxMessage> messages) {
      List<OutboxRepository.Claim> claims = take(messages);
      if (outbox.markSentAll(claims, token, now()) > 0) {
        LOG.warn("合并发送的通知 {} 已经由渠道 {} 发出，但部分认领已过期并被另一发送进程接手：接收方可能收到两次",
            claims.stream().map(c -> c.message().id()).toList(), claims.isEmpty() ? "" : claims.get(0).channel());
      }
    }

    @Override
    public void skipped(List<OutboxMessage> messages, String note) {
      take(messages).forEach(c -> outbox.markSkipped(c, token, now(), note));
    }

    @Override
    public LocalDateTime failed(List<OutboxMessage> messages, String error) {
      LocalDateTime first = null;
      for (OutboxRepository.Claim c : take(messages)) {
        LocalDateTime next = NotificationDispatcher.this.failed(c, token, error);
        first = first == null || next.isBefore(first) ? next : first;
      }
      return first == null ? now().plus(settings.backoff().initial()) : first;
    }

    @Override
    public void refused(List<OutboxMessage> messages, String error) {
      take(messages).forEach(c -> NotificationDispatcher.this.refused(c, token, error));
    }

    @Override
    public void held(List<OutboxMessage> messages, LocalDateTime until) {
      for (OutboxRepository.Claim c : take(messages)) {
        outbox.release(c, token, until);
        held++;
      }
    }
  }

  private void sent(OutboxRepository.Claim claim, String token) {
    if (!outbox.markSent(claim, token, now())) {
      LOG.warn("通知 {} 已经由渠道 {} 发出，但其认领已过期并被另一发送进程接手：接收方可能收到两次（可按 {} 去重）",
          claim.message().id(), claim.channel(), claim.message().idempotencyKey());
    }
  }

  /** A receiver refused the message for good: trying again would not change its answer. */
  private void refused(OutboxRepository.Claim claim, String token, String reason) {
    String error = redactor.redact(reason);
    outbox.markFailed(claim, token, now(), error);
    LOG.warn("通知 {}（{}）经渠道 {} 未能全部送达，不再重试（管理员可在 /api/notifications?status=failed 查看并重发）：{}",
        claim.message().id(), claim.message().notification().key(), claim.channel(), error);
  }

  /** Records the failure, to be tried again after the backoff; returns when that is. */
  private LocalDateTime failed(OutboxRepository.Claim claim, String token, String reason) {
    String error = redactor.redact(reason);
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

  /**
   * The message's id, and the notice and unit its key names ({@code received:12/sccd}, {@code overdue:12/sccd}
   * …), in the MDC while it is sent, as the engine's steps carry them (docs/operations.md, "日志 Logs").
   */
  private record LogContext(boolean unit) implements AutoCloseable {

    private static final Pattern NOTICE_UNIT = Pattern.compile("^[a-z-]+:(\\d+)/([a-z0-9]+)(?::.*)?$");

    static LogContext of(OutboxRepository.Claim claim) {
      MDC.put("outboxId", Long.toString(claim.message().id()));
      Matcher m = NOTICE_UNIT.matcher(claim.message().notification().key());
      if (!m.matches()) {
        return new LogContext(false);
      }
      MDC.put("noticeId", m.group(1));
      MDC.put("unitCode", m.group(2));
      return new LogContext(true);
    }

    @Override
    public void close() {
      MDC.remove("outboxId");
      if (unit) {
        MDC.remove("noticeId");
        MDC.remove("unitCode");
      }
    }
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
