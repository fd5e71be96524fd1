package org.noticecascade.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification outbox. {@link #enqueue} runs inside the engine step's transaction; everything else runs in short
 * transactions of its own (the dispatcher's claims and marks, the admin API).
 */
@Repository
class OutboxRepository {

  static final int SUBJECT_MAX = 1000;
  static final int BODY_MAX = 20000;
  static final int LINK_MAX = 2000;
  static final int ERROR_MAX = 2000;
  static final int ADDRESS_MAX = 320;

  /** A delivery the dispatcher may take: due and waiting, or claimed by a dispatcher whose lease ran out. */
  private static final String CLAIMABLE = "channel in (:channels) and (status = 'pending'"
      + " and (next_attempt_at is null or next_attempt_at <= :now) or status = 'sending' and lease_until <= :now)";

  /**
   * Marks up to :limit claimable deliveries with :token. One part per status, each read in id order from
   * idx_delivery_status_id (V8): one condition joined by "or" made PostgreSQL walk the primary key through every
   * sent delivery. The outer condition is checked again on the row, so of two dispatchers only one takes it.
   */
  static final String CLAIM = "update notification_delivery set status = 'sending', claim_token = :token,"
      + " lease_until = :leaseUntil, attempts = attempts + 1, last_attempt_at = :now where id in (select id from ("
      + "(select id from notification_delivery where channel in (:channels) and status = 'pending'"
      + " and (next_attempt_at is null or next_attempt_at <= :now) order by id limit :limit)"
      + " union all (select id from notification_delivery where channel in (:channels) and status = 'sending'"
      + " and lease_until <= :now order by id limit :limit)) claimable order by id limit :limit) and " + CLAIMABLE;

  /** One claimed delivery: which channel, the how-many-th attempt this is, and the message. */
  record Claim(long deliveryId, String channel, int attempt, OutboxMessage message) {
  }

  /** @param recipients on the per-person channels (email, wecomapp, sms), each once; none on the others */
  record DeliveryView(String channel, String status, String statusLabel, int attempts, LocalDateTime nextAttemptAt,
                      LocalDateTime lastAttemptAt, String lastError, LocalDateTime sentAt, LocalDateTime failedAt,
                      List<RecipientView> recipients) {
  }

  /**
   * One e-mail recipient of a message: {@code sent}, {@code failed} (refused for good, or not an address) or
   * {@code pending} (to be tried again with the delivery).
   *
   * @param address as sent (lower case), or the text that is not an address
   * @param userId the Camunda user whose address it is
   */
  record RecipientView(String address, String userId, String status, String statusLabel, String lastError,
                       LocalDateTime at) {
  }

  record MessageView(long id, String key, String recipientGroup, String subject, String body, String link,
                     LocalDateTime createdAt, List<DeliveryView> deliveries) {
  }

  private final NamedParameterJdbcTemplate jdbc;
  private final Redactor redactor;

  OutboxRepository(NamedParameterJdbcTemplate jdbc, Redactor redactor) {
    this.jdbc = jdbc;
    this.redactor = redactor;
  }

  /**
   * Writes the message and one pending delivery per channel, unless a message with its key exists. The check is part
   * of the insert, so a duplicate does not fail (on PostgreSQL a failed statement would doom the engine's
   * transaction); only two steps racing with the same key meet the unique index, and the loser's step is retried.
   *
   * @return false when the key was already there
   */
  boolean enqueue(Notification n, Collection<String> channels, LocalDateTime now) {
    MapSqlParameterSource p = new MapSqlParameterSource("key", n.key())
        .addValue("group", n.recipientGroup())
        .addValue("subject", cut(n.subject(), SUBJECT_MAX))
        .addValue("body", cut(n.body() == null ? "" : n.body(), BODY_MAX))
        .addValue("link", cut(n.link(), LINK_MAX))
        .addValue("now", now);
    int inserted = jdbc.update("insert into notification_outbox (message_key, recipient_group, subject, body, link,"
        + " created_at) select :key, :group, :subject, :body, :link, :now from (values (1)) one"
        + " where not exists (select 1 from notification_outbox where message_key = :key)", p);
    if (inserted == 0) {
      return false;
    }
    for (String channel : channels) {
      jdbc.update("insert into notification_delivery (outbox_id, channel, status, attempts) select id, :channel,"
          + " 'pending', 0 from notification_outbox where message_key = :key", p.addValue("channel", channel));
    }
    return true;
  }

  /**
   * Takes up to {@code limit} claimable deliveries of the given channels for one dispatcher round: a conditional
   * update, so of several dispatchers (threads or nodes) updating at once each row goes to one of them; the
   * winner's token marks its rows. Counts the attempt now, so a dispatcher that dies mid-send still uses one up.
   */
  List<Claim> claim(Collection<String> channels, LocalDateTime now, LocalDateTime leaseUntil, int limit,
      String token) {
    MapSqlParameterSource p = new MapSqlParameterSource("channels", channels)
        .addValue("now", now)
        .addValue("leaseUntil", leaseUntil)
        .addValue("token", token)
        .addValue("limit", limit);
    jdbc.update(CLAIM, p);
    return jdbc.query("select d.id as delivery_id, d.channel, d.attempts, o.* from notification_delivery d"
        + " join notification_outbox o on o.id = d.outbox_id where d.claim_token = :token order by d.id", p,
        (rs, i) -> new Claim(rs.getLong("delivery_id"), rs.getString("channel"), rs.getInt("attempts"), message(rs)));
  }

  /**
   * Marks every message merged into one post sent, all or none (one transaction); how many of the claims were no
   * longer ours (their lease ran out and another dispatcher took them).
   */
  @Transactional
  int markSentAll(Collection<Claim> claims, String token, LocalDateTime now) {
    int lost = 0;
    for (Claim c : claims) {
      lost += markSent(c, token, now) ? 0 : 1;
    }
    return lost;
  }

  /** Nothing to send it to (no robot for its unit and no default one): done, without a send. */
  boolean markSkipped(Claim c, String token, LocalDateTime now, String note) {
    return jdbc.update("update notification_delivery set status = 'skipped', sent_at = :now, last_error = :note,"
        + " claim_token = null, lease_until = null where id = :id and claim_token = :token",
        claimParams(c, token).addValue("now", now).addValue("note", error(note))) == 1;
  }

  /** False when this claim is no longer ours (the lease ran out and another dispatcher took the row). */
  boolean markSent(Claim c, String token, LocalDateTime now) {
    return jdbc.update("update notification_delivery set status = 'sent', sent_at = :now, last_error = null,"
        + " claim_token = null, lease_until = null where id = :id and claim_token = :token",
        claimParams(c, token).addValue("now", now)) == 1;
  }

  boolean markRetry(Claim c, String token, LocalDateTime next, String error) {
    return jdbc.update("update notification_delivery set status = 'pending', next_attempt_at = :next,"
        + " last_error = :error, claim_token = null, lease_until = null where id = :id and claim_token = :token",
        claimParams(c, token).addValue("next", next).addValue("error", error(error))) == 1;
  }

  /** Fails the delivery for good; its e-mail recipients still waiting to be tried again fail with it. */
  @Transactional
  boolean markFailed(Claim c, String token, LocalDateTime now, String error) {
    MapSqlParameterSource p = claimParams(c, token).addValue("now", now).addValue("error", error(error))
        .addValue("outboxId", c.message().id());
    if (jdbc.update("update notification_delivery set status = 'failed', failed_at = :now, last_error = :error,"
        + " claim_token = null, lease_until = null where id = :id and claim_token = :token", p) == 0) {
      return false;
    }
    if (EmailChannel.NAME.equals(c.channel())) {
      jdbc.update("update notification_email_recipient set status = 'failed', updated_at = :now"
          + " where outbox_id = :outboxId and status = 'pending'", p);
    } else {
      jdbc.update("update notification_recipient set status = 'failed', updated_at = :now"
          + " where outbox_id = :outboxId and channel = :channel and status = 'pending'",
          p.addValue("channel", c.channel()));
    }
    return true;
  }

  /** Gives a claimed delivery back untried (its channel just failed in this round): the attempt does not count. */
  boolean release(Claim c, String token, LocalDateTime next) {
    return jdbc.update("update notification_delivery set status = 'pending', attempts = attempts - 1,"
        + " next_attempt_at = :next, claim_token = null, lease_until = null where id = :id and claim_token = :token",
        claimParams(c, token).addValue("next", next)) == 1;
  }

  /**
   * Puts a message's failed deliveries back in the queue with fresh attempts, and forgets its failed e-mail
   * recipients so that they are tried again (at the address their user has then); how many deliveries there were.
   */
  @Transactional
  int requeueFailed(long outboxId) {
    MapSqlParameterSource p = new MapSqlParameterSource("id", outboxId);
    int requeued = jdbc.update("update notification_delivery set status = 'pending', attempts = 0,"
        + " next_attempt_at = null, failed_at = null where outbox_id = :id and status = 'failed'", p);
    jdbc.update("delete from notification_email_recipient where outbox_id = :id and status = 'failed'", p);
    jdbc.update("delete from notification_recipient where outbox_id = :id and status = 'failed'", p);
    return requeued;
  }

  /**
   * Deletes up to {@code limit} messages written before {@code before} all of whose deliveries were sent, with their
   * deliveries and e-mail recipients (idx_outbox_created, V29). Pending and failed ones stay for the dispatcher and
   * the administrators.
   *
   * @return the messages deleted; 0 once none is left
   */
  @Transactional
  int deleteSent(LocalDateTime before, int limit) {
    List<Long> ids = jdbc.queryForList("select o.id from notification_outbox o where o.created_at < :before"
        + " and not exists (select 1 from notification_delivery d where d.outbox_id = o.id and d.status <> 'sent')"
        + " order by o.created_at, o.id limit :limit",
        new MapSqlParameterSource("before", before).addValue("limit", limit), Long.class);
    if (ids.isEmpty()) {
      return 0;
    }
    MapSqlParameterSource p = new MapSqlParameterSource("ids", ids);
    jdbc.update("delete from notification_email_recipient where outbox_id in (:ids)", p);
    jdbc.update("delete from notification_delivery where outbox_id in (:ids)", p);
    return jdbc.update("delete from notification_outbox where id in (:ids)", p);
  }

  /** The e-mail recipients of a message tried so far, by address. */
  Map<String, RecipientView> emailRecipients(long outboxId) {
    Map<String, RecipientView> recipients = new LinkedHashMap<>();
    jdbc.query("select * from notification_email_recipient where outbox_id = :id order by address",
        new MapSqlParameterSource("id", outboxId), rs -> {
          RecipientView r = recipient(rs);
          recipients.put(r.address(), r);
        });
    return recipients;
  }

  /** Records how far one e-mail recipient of a message got. */
  void recordEmailRecipient(long outboxId, String address, String userId, DeliveryStatus status, String error,
      LocalDateTime now) {
    MapSqlParameterSource p = new MapSqlParameterSource("id", outboxId)
        .addValue("address", cut(address, ADDRESS_MAX))
        .addValue("user", userId)
        .addValue("status", status.key())
        .addValue("error", error(error))
        .addValue("now", now);
    if (jdbc.update("update notification_email_recipient set status = :status, user_id = :user,"
        + " last_error = :error, updated_at = :now where outbox_id = :id and address = :address", p) == 0) {
      jdbc.update("insert into notification_email_recipient (outbox_id, address, user_id, status, last_error,"
          + " updated_at) values (:id, :address, :user, :status, :error, :now)", p);
    }
  }

  /** The recipients of a message tried so far on a per-person channel other than e-mail (wecomapp, sms). */
  Map<String, RecipientView> recipients(long outboxId, String channel) {
    Map<String, RecipientView> recipients = new LinkedHashMap<>();
    jdbc.query("select recipient as address, user_id, status, last_error, updated_at from notification_recipient"
        + " where outbox_id = :id and channel = :channel order by recipient",
        new MapSqlParameterSource("id", outboxId).addValue("channel", channel), rs -> {
          RecipientView r = recipient(rs);
          recipients.put(r.address(), r);
        });
    return recipients;
  }

  /** Records how far one recipient of a message got on a per-person channel other than e-mail. */
  void recordRecipient(long outboxId, String channel, String recipient, String userId, DeliveryStatus status,
      String error, LocalDateTime now) {
    MapSqlParameterSource p = new MapSqlParameterSource("id", outboxId)
        .addValue("channel", channel)
        .addValue("recipient", cut(recipient, ADDRESS_MAX))
        .addValue("user", userId)
        .addValue("status", status.key())
        .addValue("error", error(error))
        .addValue("now", now);
    if (jdbc.update("update notification_recipient set status = :status, user_id = :user, last_error = :error,"
        + " updated_at = :now where outbox_id = :id and channel = :channel and recipient = :recipient", p) == 0) {
      jdbc.update("insert into notification_recipient (outbox_id, channel, recipient, user_id, status, last_error,"
          + " updated_at) values (:id, :channel, :recipient, :user, :status, :error, :now)", p);
    }
  }

  /** Newest first; with a status, the messages that have a delivery in it. */
  List<MessageView> list(DeliveryStatus status, int limit, int offset) {
    MapSqlParameterSource p = new MapSqlParameterSource("limit", limit).addValue("offset", offset);
    String where = "";
    if (status != null) {
      where = " where exists (select 1 from notification_delivery d where d.outbox_id = o.id and d.status = :status)";
      p.addValue("status", status.key());
    }
    return withDeliveries(jdbc.query("select o.* from notification_outbox o" + where
        + " order by o.id desc limit :limit offset :offset", p, (rs, i) -> message(rs)));
  }

  Optional<MessageView> find(long id) {
    return withDeliveries(jdbc.query("select * from notification_outbox where id = :id",
        new MapSqlParameterSource("id", id), (rs, i) -> message(rs))).stream().findFirst();
  }

  private List<MessageView> withDeliveries(List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return List.of();
    }
    MapSqlParameterSource ids = new MapSqlParameterSource("ids", messages.stream().map(OutboxMessage::id).toList());
    Map<Long, List<RecipientView>> recipients = new LinkedHashMap<>();
    jdbc.query("select * from notification_email_recipient where outbox_id in (:ids) order by address", ids,
        rs -> {
          recipients.computeIfAbsent(rs.getLong("outbox_id"), k -> new ArrayList<>()).add(recipient(rs));
        });
    Map<Long, List<DeliveryView>> byMessage = new LinkedHashMap<>();
    Map<String, List<RecipientView>> others = new LinkedHashMap<>();
    jdbc.query("select outbox_id, channel, recipient as address, user_id, status, last_error, updated_at"
        + " from notification_recipient where outbox_id in (:ids) order by recipient", ids, rs -> {
          others.computeIfAbsent(rs.getLong("outbox_id") + "/" + rs.getString("channel"), k -> new ArrayList<>())
              .add(recipient(rs));
        });
    jdbc.query("select * from notification_delivery where outbox_id in (:ids) order by id", ids, rs -> {
      DeliveryStatus s = DeliveryStatus.of(rs.getString("status")).orElseThrow();
      long outboxId = rs.getLong("outbox_id");
      String channel = rs.getString("channel");
      byMessage.computeIfAbsent(outboxId, k -> new ArrayList<>()).add(new DeliveryView(channel, s.key(), s.label(),
          rs.getInt("attempts"), time(rs, "next_attempt_at"), time(rs, "last_attempt_at"),
          redactor.redact(rs.getString("last_error")), time(rs, "sent_at"), time(rs, "failed_at"),
          EmailChannel.NAME.equals(channel) ? recipients.getOrDefault(outboxId, List.of())
              : others.getOrDefault(outboxId + "/" + channel, List.of())));
    });
    return messages.stream().map(m -> new MessageView(m.id(), m.notification().key(),
        m.notification().recipientGroup(), m.notification().subject(), m.notification().body(),
        m.notification().link(), m.createdAt(), byMessage.getOrDefault(m.id(), List.of()))).toList();
  }

  private RecipientView recipient(ResultSet rs) throws SQLException {
    DeliveryStatus s = DeliveryStatus.of(rs.getString("status")).orElseThrow();
    return new RecipientView(rs.getString("address"), rs.getString("user_id"), s.key(), s.label(),
        redactor.redact(rs.getString("last_error")), time(rs, "updated_at"));
  }

  /** Error text as stored: secrets hidden (whoever wrote it), cut to the column. */
  private String error(String error) {
    return cut(redactor.redact(error), ERROR_MAX);
  }

  private static MapSqlParameterSource claimParams(Claim c, String token) {
    return new MapSqlParameterSource("id", c.deliveryId()).addValue("token", token);
  }

  private static OutboxMessage message(ResultSet rs) throws SQLException {
    return new OutboxMessage(rs.getLong("id"), new Notification(rs.getString("message_key"),
        rs.getString("recipient_group"), rs.getString("subject"), rs.getString("body"), rs.getString("link")),
        time(rs, "created_at"));
  }

  private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, LocalDateTime.class);
  }

  /** Over-long text is cut rather than refused: a notification must never fail the step that writes it. */
  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
