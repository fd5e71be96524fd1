package org.noticecascade.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.noticecascade.support.TimeZoneProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox's figures for monitoring, over every node's deliveries. Each query reads the status indexes
 * (idx_delivery_due, idx_delivery_status_id): the pending and failed deliveries, never the sent ones that pile up.
 */
@Component
public class OutboxFigures {

  /**
   * @param backlog per channel: deliveries not sent yet (waiting, or being sent)
   * @param failed per channel: deliveries failed for good, waiting for an administrator
   *     (/api/notifications?status=failed)
   * @param oldestPending how long the oldest message not yet sent on some channel has waited; zero when none
   */
  public record Backlog(Map<String, Long> backlog, Map<String, Long> failed, Duration oldestPending) {
  }

  private final NamedParameterJdbcTemplate jdbc;
  // the outbox's times are written in this zone (NotificationConfiguration)
  private final Clock clock;
  private final List<String> channels;

  OutboxFigures(NamedParameterJdbcTemplate jdbc, TimeZoneProperties zone, ObjectProvider<NotificationChannel> channels) {
    this.jdbc = jdbc;
    this.clock = Clock.system(zone.timeZone());
    this.channels = channels.orderedStream().map(NotificationChannel::name).toList();
  }

  public Backlog backlog() {
    LocalDateTime now = LocalDateTime.now(clock);
    Map<String, Long> backlog = new TreeMap<>();
    Map<String, Long> failed = new TreeMap<>();
    jdbc.query("select channel, status, count(*) from notification_delivery"
        + " where status in ('pending', 'sending', 'failed') group by channel, status", rs -> {
          String channel = rs.getString(1);
          (rs.getString(2).equals("failed") ? failed : backlog).merge(channel, rs.getLong(3), Long::sum);
        });
    // deliveries are written with their message: the lowest id of each status is the oldest message in it
    LocalDateTime oldest = jdbc.queryForObject("select min(o.created_at) from notification_delivery d"
        + " join notification_outbox o on o.id = d.outbox_id where d.id in ("
        + "select min(id) from notification_delivery where status = 'pending'"
        + " union all select min(id) from notification_delivery where status = 'sending')",
        new MapSqlParameterSource(), LocalDateTime.class);
    return new Backlog(backlog, failed, since(oldest, now));
  }

  /**
   * The dispatcher's lag: how long the delivery that has been due the longest has waited for a dispatcher to take
   * it; zero when none is due. A delivery waiting for its next attempt after a failure (a channel that is down) is
   * not due until then, so an outage of a mail server or a webhook shows in {@link Backlog#oldestPending}, not here.
   * Only the channels enabled on this node count: deliveries left for a channel no longer enabled wait for good, and
   * are no dispatcher's lag.
   */
  public Duration dispatcherLag() {
    if (channels.isEmpty()) {
      return Duration.ZERO;
    }
    LocalDateTime now = LocalDateTime.now(clock);
    MapSqlParameterSource p = new MapSqlParameterSource("now", Timestamp.valueOf(now)).addValue("channels", channels);
    // never tried: due since written; tried: since its next attempt; claimed by a dispatcher that died: since the
    // lease ran out
    LocalDateTime due = jdbc.queryForObject("select min(t) from ("
        + "select min(o.created_at) as t from notification_delivery d join notification_outbox o on o.id = d.outbox_id"
        + " where d.status = 'pending' and d.next_attempt_at is null and d.channel in (:channels)"
        + " union all select min(next_attempt_at) from notification_delivery"
        + " where status = 'pending' and next_attempt_at <= :now and channel in (:channels)"
        + " union all select min(lease_until) from notification_delivery"
        + " where status = 'sending' and lease_until <= :now and channel in (:channels)) due", p, LocalDateTime.class);
    return since(due, now);
  }

  private static Duration since(LocalDateTime then, LocalDateTime now) {
    return then == null || then.isAfter(now) ? Duration.ZERO : Duration.between(then, now);
  }
}
