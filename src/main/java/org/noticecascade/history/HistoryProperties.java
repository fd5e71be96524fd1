package org.noticecascade.history;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code notice-cascade.history.*}: how long a notice is kept after it ended (公文 records are kept for years), and
 * when and how the engine's history and our own tables are cleaned. Times of day are in {@code notice-cascade.time-zone}.
 *
 * @param retention how long the history of an ended notice is kept: the engine's time-to-live of every process
 *     definition (whole days) and the age of a closed notice whose rows our nightly job deletes, after archiving
 * @param cleanupWindowStart start of the engine's nightly history cleanup window
 * @param cleanupWindowEnd its end; the engine stops cleaning at this time and goes on the next night
 * @param cleanupBatchSize historic process instances removed per cleanup job run (the engine allows at most 500)
 * @param cleanupParallelism cleanup jobs working at once (the engine allows 1 to 8)
 * @param removalTimeStrategy {@code end}: an instance's history is removed retention after its root instance ended
 * @param archiveDir where the nightly job writes a closed notice's archive before deleting its rows
 * @param retentionCron when our nightly retention job runs (Spring cron, in the configured zone)
 * @param batchSize rows deleted per transaction by the retention job
 * @param sentNotifications how long a notification all of whose deliveries were sent is kept in the outbox
 */
@ConfigurationProperties("notice-cascade.history")
public record HistoryProperties(@DefaultValue("1825d") Duration retention,
                                @DefaultValue("01:00") LocalTime cleanupWindowStart,
                                @DefaultValue("05:00") LocalTime cleanupWindowEnd,
                                @DefaultValue("500") int cleanupBatchSize,
                                @DefaultValue("1") int cleanupParallelism,
                                @DefaultValue("end") String removalTimeStrategy,
                                @DefaultValue("./data/archive") Path archiveDir,
                                @DefaultValue("0 30 1 * * *") String retentionCron,
                                @DefaultValue("1000") int batchSize,
                                @DefaultValue("90d") Duration sentNotifications) {

  public HistoryProperties {
    if (retention.isNegative() || retention.toDays() < 1 || !retention.equals(Duration.ofDays(retention.toDays()))) {
      throw new IllegalArgumentException("notice-cascade.history.retention 须为整天数且至少 1 天（例如 1825d 或 P1825D），现为 "
          + retention);
    }
    if (cleanupBatchSize < 1 || cleanupBatchSize > 500) {
      throw new IllegalArgumentException("notice-cascade.history.cleanup-batch-size 须在 1 到 500 之间，现为 "
          + cleanupBatchSize);
    }
    if (cleanupParallelism < 1 || cleanupParallelism > 8) {
      throw new IllegalArgumentException("notice-cascade.history.cleanup-parallelism 须在 1 到 8 之间，现为 "
          + cleanupParallelism);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("notice-cascade.history.batch-size 须为正数，现为 " + batchSize);
    }
    if (sentNotifications.isNegative() || sentNotifications.isZero()) {
      throw new IllegalArgumentException("notice-cascade.history.sent-notifications 须为正的时长，现为 "
          + sentNotifications);
    }
  }

  /** The engine's time-to-live, in days. */
  int retentionDays() {
    return (int) retention.toDays();
  }
}
