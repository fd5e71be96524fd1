package org.noticecascade.history;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.noticecascade.attachment.AttachmentArchive;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notification.NotificationService;
import org.noticecascade.progress.ProgressArchive;
import org.noticecascade.support.EngineClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Our tables' retention, aligned with the engine's history time-to-live: a notice that ended longer ago than
 * {@code notice-cascade.history.retention} is archived to {@code archive-dir}, then its rows are deleted a batch per
 * transaction (files, 留痕, study, roll-ups, 抄送, units, then the notice). A notice whose archive could not be
 * written keeps every row; one whose deletion was interrupted goes on the next night without writing its archive
 * again from what is left. Open notices are never touched. Also deletes outbox messages sent longer ago than
 * {@code sent-notifications}.
 */
@Component
class NoticeRetention {

  private static final Logger LOG = LoggerFactory.getLogger(NoticeRetention.class);
  /** Notices read per query. */
  private static final int PAGE = 100;

  /** What a run did, and the seconds it spent writing archives and deleting rows. */
  record Result(int archived, int retired, int failed, long rowsDeleted, long messagesDeleted,
                double archiveSeconds, double deleteSeconds) {
  }

  private final NoticeService notices;
  private final NoticeArchives archives;
  private final AttachmentArchive attachments;
  private final AuditTrail audit;
  private final ProgressArchive progress;
  private final NotificationService notifications;
  private final TransactionTemplate tx;
  private final HistoryProperties properties;

  NoticeRetention(NoticeService notices, NoticeArchives archives, AttachmentArchive attachments, AuditTrail audit,
      ProgressArchive progress, NotificationService notifications, TransactionTemplate tx,
      HistoryProperties properties) {
    this.notices = notices;
    this.archives = archives;
    this.attachments = attachments;
    this.audit = audit;
    this.progress = progress;
    this.notifications = notifications;
    this.tx = tx;
    this.properties = properties;
  }

  /** Nightly, in the users' zone; {@code retention-cron: "-"} turns it off (e.g. on all nodes but one). */
  @Scheduled(cron = "${notice-cascade.history.retention-cron:0 30 1 * * *}",
      zone = "${notice-cascade.time-zone:" + EngineClock.DEFAULT_ZONE + "}")
  void nightly() {
    Result r = run();
    LOG.info("保留期清理：归档 {} 个通知，删除 {} 个通知共 {} 行，失败 {} 个；删除已发送通知消息 {} 条",
        r.archived(), r.retired(), r.rowsDeleted(), r.failed(), r.messagesDeleted());
  }

  Result run() {
    LocalDateTime now = EngineClock.now();
    LocalDateTime cutoff = now.minus(properties.retention());
    int archived = 0;
    int retired = 0;
    long rows = 0;
    Set<Long> failed = new HashSet<>();
    long archiveNanos = 0;
    long deleteNanos = 0;
    while (true) {
      List<Long> due = notices.endedBefore(cutoff, failed.size() + PAGE).stream()
          .filter(id -> !failed.contains(id)).toList();
      if (due.isEmpty()) {
        break;
      }
      for (long id : due) {
        try {
          long t0 = System.nanoTime();
          if (!notices.archived(id)) {
            Path file = archives.writeFile(id);
            tx.executeWithoutResult(s -> notices.markArchived(id));
            archived++;
            LOG.info("通知 {} 已归档：{}", id, file);
          }
          long t1 = System.nanoTime();
          rows += delete(id);
          retired++;
          archiveNanos += t1 - t0;
          deleteNanos += System.nanoTime() - t1;
        } catch (Exception e) {
          // the next night tries again; a notice whose archive failed keeps every row
          failed.add(id);
          LOG.error("通知 {} 的归档或删除失败，其数据保留，下次再试", id, e);
        }
      }
    }
    long messages = drain(() -> notifications.deleteSentBefore(now.minus(properties.sentNotifications()),
        properties.batchSize()));
    return new Result(archived, retired, failed.size(), rows, messages, archiveNanos / 1e9, deleteNanos / 1e9);
  }

  /** Deletes an archived notice's rows, a batch per transaction, the notice's own row last. */
  private long delete(long id) {
    int batch = properties.batchSize();
    long rows = drain(() -> attachments.deleteBatch(id, batch));
    rows += drain(() -> audit.deleteBatch(id, batch));
    rows += drain(() -> progress.deleteBatch(id, batch));
    Boolean gone = tx.execute(s -> notices.deleteArchived(id));
    return rows + (Boolean.TRUE.equals(gone) ? 1 : 0);
  }

  /** Runs one batch per transaction until a batch deletes nothing; the rows deleted. */
  private long drain(IntSupplier batch) {
    long total = 0;
    while (true) {
      Integer n = tx.execute(s -> batch.getAsInt());
      if (n == null || n == 0) {
        return total;
      }
      total += n;
    }
  }
}
