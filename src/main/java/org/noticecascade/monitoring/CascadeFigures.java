package org.noticecascade.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.noticecascade.notification.OutboxFigures;
import org.noticecascade.progress.ProgressFigures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The gauges counted in the database: read together every {@code notice-cascade.monitoring.refresh} (30 s) by one
 * scheduled task on each node and kept, so a scrape, however frequent, costs no query. Each figure is an aggregate
 * over an index or over the kept subtree totals (progress_rollup), cheap at 100,000 units. Labels are few and fixed:
 * status and channel, never a unit or a notice.
 */
class CascadeFigures {

  private static final Logger LOG = LoggerFactory.getLogger(CascadeFigures.class);

  /** One count of everything, replaced whole. */
  record Snapshot(ProgressFigures.Open cascade, OutboxFigures.Backlog outbox, Duration dispatcherLag,
                  long incidents, long openTasks) {
  }

  private final ProgressFigures progress;
  private final OutboxFigures outbox;
  private final JdbcTemplate jdbc;
  private final AtomicReference<Snapshot> last = new AtomicReference<>();
  private final MultiGauge units;
  private final MultiGauge backlog;
  private final MultiGauge failed;
  private final Set<String> channels = new TreeSet<>();

  CascadeFigures(ProgressFigures progress, OutboxFigures outbox, JdbcTemplate jdbc, MeterRegistry meters) {
    this.progress = progress;
    this.outbox = outbox;
    this.jdbc = jdbc;
    gauge(meters, "notice_cascade.notices.open", "进行中的通知（已下发未办结） Notices sent and not ended",
        s -> s.cascade().noticesOpen());
    gauge(meters, "notice_cascade.units.overdue", "逾期未报告的单位 Units past their due date without a report",
        s -> s.cascade().overdue());
    gauge(meters, "notice_cascade.escalations.open", "督办中的单位 Units under escalation (督办 open)",
        s -> s.cascade().escalationsOpen());
    gauge(meters, "notice_cascade.reports.awaiting.review", "待审核的报告 Reports waiting for review",
        s -> s.cascade().awaitingReview());
    Gauge.builder("notice_cascade.outbox.oldest.pending.age", this,
            f -> f.value(s -> s.outbox().oldestPending().toMillis() / 1000.0))
        .baseUnit("seconds").description("最早一条未发出的通知已等待的时间 Age of the oldest message not sent yet")
        .register(meters);
    Gauge.builder("notice_cascade.dispatcher.lag", this, f -> f.value(s -> s.dispatcherLag().toMillis() / 1000.0))
        .baseUnit("seconds").description("到期未被发送进程取走的最早一条投递已等待的时间 Dispatcher lag")
        .register(meters);
    gauge(meters, "notice_cascade.engine.incidents", "流程引擎未解决的事件（incident） Open incidents",
        Snapshot::incidents);
    gauge(meters, "notice_cascade.engine.open.tasks", "待办任务总数 Open user tasks", Snapshot::openTasks);
    units = MultiGauge.builder("notice_cascade.units")
        .description("进行中的通知的单位数，按进度（与进度页相同的计数） Units of open notices by status")
        .register(meters);
    backlog = MultiGauge.builder("notice_cascade.outbox.backlog")
        .description("待发送的投递（每渠道） Deliveries not sent yet, per channel").register(meters);
    failed = MultiGauge.builder("notice_cascade.outbox.failed")
        .description("发送失败、等待管理员处理的投递（每渠道） Deliveries failed for good, per channel").register(meters);
  }

  private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Snapshot> value) {
    Gauge.builder(name, this, f -> f.value(value)).description(description).register(meters);
  }

  /** NaN until the first count: Prometheus then shows no value rather than a made-up zero. */
  private double value(ToDoubleFunction<Snapshot> value) {
    Snapshot s = last.get();
    return s == null ? Double.NaN : value.applyAsDouble(s);
  }

  /** Counts everything again; a failure keeps the last count (and is logged) until the next round. */
  void refresh() {
    Snapshot s;
    try {
      s = new Snapshot(progress.open(), outbox.backlog(), outbox.dispatcherLag(),
          count("select count(*) from act_ru_incident"), count("select count(*) from act_ru_task"));
    } catch (RuntimeException e) {
      LOG.warn("监控指标统计失败，沿用上次的数值：{}", e.toString());
      return;
    }
    last.set(s);
    units.register(s.cascade().units().entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("status", e.getKey()), e.getValue())).toList(), true);
    // a channel once seen keeps its series (at zero) so a dashboard's line drops to zero rather than vanishing
    channels.addAll(s.outbox().backlog().keySet());
    channels.addAll(s.outbox().failed().keySet());
    backlog.register(rows(s.outbox().backlog()), true);
    failed.register(rows(s.outbox().failed()), true);
  }

  private java.util.List<MultiGauge.Row<?>> rows(Map<String, Long> perChannel) {
    return channels.stream()
        .<MultiGauge.Row<?>>map(c -> MultiGauge.Row.of(Tags.of("channel", c), perChannel.getOrDefault(c, 0L)))
        .toList();
  }

  Snapshot last() {
    return last.get();
  }

  private long count(String sql) {
    Long n = jdbc.queryForObject(sql, Long.class);
    return n == null ? 0 : n;
  }
}
