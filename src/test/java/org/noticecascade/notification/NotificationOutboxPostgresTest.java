package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's SQL on a real PostgreSQL, where it matters most: a duplicate key must not doom the step's
 * transaction, and dispatchers on several nodes claim concurrently. Deliveries go to a real HTTP receiver.
 */
class NotificationOutboxPostgresTest {

  private static Fixtures.Postgres postgres;
  private static NamedParameterJdbcTemplate jdbc;
  private static TransactionTemplate tx;

  private final MutableClock clock = new MutableClock();
  private WebhookReceiver webhook;
  private OutboxRepository outbox;
  private WebhookChannel hook;
  private NotificationService notifications;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = Fixtures.Postgres.start();
    jdbc = postgres.jdbc();
    tx = postgres.tx();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void setUp() {
    jdbc.update("delete from notification_email_recipient", new MapSqlParameterSource());
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    jdbc.update("delete from notification_outbox", new MapSqlParameterSource());
    webhook = new WebhookReceiver();
    outbox = new OutboxRepository(jdbc, Fixtures.NO_SECRETS);
    hook = new WebhookChannel(webhook.url(), WebhookChannel.Format.GENERIC, null, Duration.ofSeconds(5), clock);
    notifications = new NotificationService(outbox, List.of(hook), "http://nc.test");
  }

  @AfterEach
  void tearDown() {
    webhook.close();
  }

  private static Notification notification(String name) {
    return new Notification("pg:" + name, "sccd", "【待签收】" + name, "来自四川省总工会。", null);
  }

  private String delivery(String key) {
    return jdbc.queryForObject("select status || '/' || attempts from notification_delivery d join notification_outbox o"
        + " on o.id = d.outbox_id where o.message_key = :key", new MapSqlParameterSource("key", key), String.class);
  }

  @Test
  void aDuplicateKeyLeavesTheTransactionUsable() {
    tx.executeWithoutResult(s -> {
      notifications.send(notification("一"));
      notifications.send(new Notification("pg:一", "sccd", "重复", "重复", null));
      // on PostgreSQL a failed statement would make this one, and the commit, fail
      notifications.send(notification("二"));
    });
    tx.executeWithoutResult(s -> notifications.send(notification("一")));

    assertThat(jdbc.queryForList("select subject from notification_outbox order by id", new MapSqlParameterSource(),
        String.class)).containsExactly("【待签收】一", "【待签收】二");
    new NotificationDispatcher(outbox, List.of(hook), Fixtures.settings(50, 3), Fixtures.NO_SECRETS, clock).poll();
    assertThat(webhook.accepted()).extracting(r -> r.json().get("subject").asText())
        .containsExactly("【待签收】一", "【待签收】二");
  }

  @Test
  void claimingReadsTheOpenDeliveriesByIndexHoweverManyWereSent() {
    // a national cascade leaves hundreds of thousands of sent deliveries behind the few pending ones
    jdbc.update("insert into notification_outbox (message_key, recipient_group, subject, body, created_at)"
        + " select 'plan:' || g, 'sccd', 's', 'b', now() from generate_series(1, 20000) g", new MapSqlParameterSource());
    jdbc.update("insert into notification_delivery (outbox_id, channel, status, attempts, sent_at) select id, 'webhook',"
        + " case when message_key in ('plan:19999', 'plan:20000') then 'pending' else 'sent' end, 0, now()"
        + " from notification_outbox where message_key like 'plan:%'", new MapSqlParameterSource());
    jdbc.getJdbcTemplate().execute("analyze notification_delivery");

    LocalDateTime now = LocalDateTime.now(clock);
    MapSqlParameterSource p = new MapSqlParameterSource("channels", List.of("webhook")).addValue("now", now)
        .addValue("leaseUntil", now.plusMinutes(5)).addValue("token", "t").addValue("limit", 50);
    String plan = String.join("\n", jdbc.queryForList("explain " + OutboxRepository.CLAIM, p, String.class));
    // each part reads the index for its status in id order; none walks the primary key past the sent ones
    assertThat(plan).contains("idx_delivery_status_id").doesNotContain("Seq Scan")
        .doesNotContainPattern("Index Scan using notification_delivery_pkey on notification_delivery\\s*\\(");

    new NotificationDispatcher(outbox, List.of(hook), Fixtures.settings(50, 3), Fixtures.NO_SECRETS, clock).poll();
    assertThat(webhook.accepted()).hasSize(2);
  }

  @Test
  void dispatchersOnSeveralNodesSendEachMessageOnce() throws Exception {
    List<String> subjects = new ArrayList<>();
    tx.executeWithoutResult(s -> {
      for (int i = 0; i < 60; i++) {
        notifications.send(notification("并发" + i));
        subjects.add("【待签收】并发" + i);
      }
    });
    List<NotificationDispatcher> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(new NotificationDispatcher(outbox, List.of(hook), Fixtures.settings(5, 3), Fixtures.NO_SECRETS,
          clock));
    }

    assertThat(Fixtures.pollAtOnce(nodes)).isEqualTo(60);
    assertThat(webhook.accepted()).extracting(r -> r.json().get("subject").asText())
        .containsExactlyInAnyOrderElementsOf(subjects);
    assertThat(jdbc.queryForObject("select count(*) from notification_delivery where status = 'sent' and attempts = 1",
        new MapSqlParameterSource(), Integer.class)).isEqualTo(60);
  }

  @Test
  void retriesFailsForGoodAndIsRequeued() {
    webhook.answer(500, "{}");
    tx.executeWithoutResult(s -> {
      notifications.send(notification("甲"));
      notifications.send(notification("乙"));
    });
    NotificationDispatcher dispatcher = new NotificationDispatcher(outbox, List.of(hook), Fixtures.settings(50, 2),
        Fixtures.NO_SECRETS, clock);

    dispatcher.poll();
    assertThat(delivery("pg:甲")).isEqualTo("pending/1");
    assertThat(delivery("pg:乙")).as("released untried").isEqualTo("pending/0");
    clock.advance(Duration.ofSeconds(31));
    dispatcher.poll();
    assertThat(delivery("pg:甲")).isEqualTo("failed/2");
    assertThat(outbox.list(DeliveryStatus.FAILED, 10, 0)).extracting(OutboxRepository.MessageView::key)
        .containsExactly("pg:甲");

    webhook.answer(200, "{}");
    long id = outbox.list(DeliveryStatus.FAILED, 10, 0).get(0).id();
    assertThat(outbox.requeueFailed(id)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(31));
    dispatcher.poll();

    assertThat(delivery("pg:甲")).isEqualTo("sent/1");
    assertThat(delivery("pg:乙")).isEqualTo("sent/1");
    assertThat(outbox.find(id).orElseThrow().deliveries()).singleElement()
        .satisfies(d -> assertThat(d.lastError()).isNull());
  }

  @Test
  void emailRecipientsAreRecordedFailWithTheirDeliveryAndTheFailedAreForgottenOnRequeue() {
    tx.executeWithoutResult(s -> outbox.enqueue(notification("收件人"), List.of("email"), LocalDateTime.now(clock)));
    LocalDateTime now = LocalDateTime.now(clock);
    OutboxRepository.Claim claim = outbox.claim(List.of("email"), now, now.plusMinutes(10), 10, "pg").get(0);
    long id = claim.message().id();

    outbox.recordEmailRecipient(id, "a@example.org", "ua", DeliveryStatus.SENT, null, now);
    outbox.recordEmailRecipient(id, "b@example.org", "ub", DeliveryStatus.PENDING, "450 busy", now);
    outbox.recordEmailRecipient(id, "b@example.org", "ub", DeliveryStatus.PENDING, "451 later ?key=k3y", now);
    assertThat(outbox.emailRecipients(id).get("b@example.org").lastError()).isEqualTo("451 later ?key=***");

    // out of attempts: who still waited fails with the delivery
    assertThat(outbox.markFailed(claim, "pg", now, "out of attempts")).isTrue();
    assertThat(outbox.find(id).orElseThrow().deliveries()).singleElement().satisfies(d -> assertThat(d.recipients())
        .extracting(OutboxRepository.RecipientView::address, OutboxRepository.RecipientView::status)
        .containsExactly(tuple("a@example.org", "sent"), tuple("b@example.org", "failed")));

    assertThat(outbox.requeueFailed(id)).isEqualTo(1);
    assertThat(outbox.emailRecipients(id)).containsOnlyKeys("a@example.org");
    assertThat(delivery("pg:收件人")).isEqualTo("pending/0");
  }
}
