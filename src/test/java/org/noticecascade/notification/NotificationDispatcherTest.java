package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox and its dispatcher against real receivers: GreenMail takes the e-mails over SMTP, a local HTTP server
 * the webhooks, on the engine tests' H2 with real Camunda users. The dispatcher is driven round by round with a
 * clock the test moves, so backoff and leases run out without waiting.
 */
class NotificationDispatcherTest {

  private static final int SMTP_PORT = Fixtures.freePort();
  private static final String GROUP = "ntfgroup";
  private static final String FROM = "通知逐级传达系统 <noreply@noticecascade.test>";

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  private final ApplicationContext context = EngineTestContext.context();
  private final NamedParameterJdbcTemplate jdbc = context.getBean(NamedParameterJdbcTemplate.class);
  private final TransactionTemplate tx = context.getBean(TransactionTemplate.class);
  private final IdentityService identity = context.getBean(IdentityService.class);
  private final OutboxRepository outbox = context.getBean(OutboxRepository.class);
  private final MutableClock clock = new MutableClock();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private WebhookReceiver webhook;
  private EmailChannel email;
  private WebhookChannel hook;
  private NotificationService notifications;

  @BeforeEach
  void setUp() {
    // in the engine tests' context no channel is enabled: every delivery row is this class's
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    member("ntfwang", "ntfwang@example.org");
    member("ntfli", null);
    member("ntfzhao", "ntfzhao@example.org");
    webhook = new WebhookReceiver();
    email = new EmailChannel(Fixtures.mailSender(SMTP_PORT), identity, outbox, FROM, clock);
    hook = new WebhookChannel(webhook.url(), WebhookChannel.Format.GENERIC, null, Duration.ofSeconds(5), clock);
    notifications = new NotificationService(outbox, List.of(email, hook), "http://nc.test");
  }

  @AfterEach
  void tearDown() {
    webhook.close();
  }

  private void member(String userId, String mail) {
    Fixtures.member(identity, GROUP, userId, mail);
  }

  private NotificationDispatcher dispatcher() {
    return new NotificationDispatcher(outbox, List.of(email, hook), Fixtures.settings(50, 5), Fixtures.NO_SECRETS,
        clock);
  }

  private Notification notification(String name) {
    return new Notification("test:" + run + ":" + name, GROUP, "【待签收】川工发〔2023〕43号 关于" + name + "的通知",
        "来自四川省总工会，报告截止日期 2026-12-31。", "http://nc.test/camunda/app/tasklist/default/");
  }

  private void send(Notification... messages) {
    tx.executeWithoutResult(s -> Arrays.stream(messages).forEach(notifications::send));
  }

  private long outboxId(Notification n) {
    return Fixtures.outboxId(jdbc, n);
  }

  private String delivery(Notification n, String channel) {
    return Fixtures.delivery(jdbc, n, channel);
  }

  private LocalDateTime nextAttempt(Notification n, String channel) {
    return Fixtures.nextAttempt(jdbc, n, channel);
  }

  private static List<String> subjects(MimeMessage[] mails) throws Exception {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : mails) {
      subjects.add(m.getSubject());
    }
    return subjects;
  }

  private List<String> webhookSubjects() {
    return webhook.accepted().stream().map(r -> r.json().get("subject").asText()).toList();
  }

  @Test
  void eachMessageGoesOnceByEmailToTheGroupsAddressesAndOnceToTheWebhook() throws Exception {
    Notification n = notification("学习贯彻");
    send(n);
    long id = outboxId(n);

    assertThat(dispatcher().poll()).isEqualTo(2);
    assertThat(dispatcher().poll()).isZero();

    // one e-mail each, in UTF-8 plain text, to the members with an address (ntfli has none)
    MimeMessage[] mails = MAIL.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(Arrays.stream(mails).flatMap(m -> {
      try {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    })).containsExactlyInAnyOrder("ntfwang@example.org", "ntfzhao@example.org");
    MimeMessage mail = mails[0];
    assertThat(mail.getSubject()).isEqualTo(n.subject());
    assertThat(mail.getFrom()[0].toString()).contains("noreply@noticecascade.test");
    assertThat(mail.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("UTF-8");
    assertThat((String) mail.getContent()).contains(n.body()).contains(n.link());
    assertThat(mail.getMessageID()).isEqualTo("<notification-" + id + "@noticecascade.test>");
    assertThat(mails[1].getMessageID()).isEqualTo(mail.getMessageID());

    // one POST with the whole message and the idempotency key
    assertThat(webhook.requests()).hasSize(1);
    WebhookReceiver.Request r = webhook.requests().get(0);
    assertThat(r.idempotencyKey()).isEqualTo("notification-" + id);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json().get("key").asText()).isEqualTo(n.key());
    assertThat(r.json().get("recipientGroup").asText()).isEqualTo(GROUP);
    assertThat(r.json().get("subject").asText()).isEqualTo(n.subject());
    assertThat(r.json().get("body").asText()).isEqualTo(n.body());
    assertThat(r.json().get("link").asText()).isEqualTo(n.link());
    assertThat(delivery(n, "email")).isEqualTo("sent/1");
    assertThat(delivery(n, "webhook")).isEqualTo("sent/1");
  }

  @Test
  void aGroupWithoutAddressesGetsNoEmailAndTheDeliveryIsDone() {
    identity.saveGroup(identity.newGroup("ntfempty" + run));
    Notification n = new Notification("test:" + run + ":empty", "ntfempty" + run, "【已通过】测试", "无人有邮箱", null);
    send(n);

    dispatcher().poll();

    assertThat(MAIL.getReceivedMessages()).isEmpty();
    assertThat(delivery(n, "email")).isEqualTo("sent/1");
    assertThat(webhook.accepted()).hasSize(1);
  }

  @Test
  void aRolledBackTransactionSendsNothing() throws Exception {
    Notification rolledBack = notification("回滚");
    Notification committed = notification("提交");
    tx.executeWithoutResult(s -> {
      notifications.send(rolledBack);
      s.setRollbackOnly();
    });
    send(committed);

    dispatcher().poll();

    assertThat(subjects(MAIL.getReceivedMessages())).containsOnly(committed.subject());
    assertThat(webhookSubjects()).containsExactly(committed.subject());
  }

  @Test
  void aKeyAlreadyInTheOutboxIsNotQueuedAgain() throws Exception {
    Notification n = notification("重复");
    Notification sameKey = new Notification(n.key(), GROUP, "另一个主题", "另一个正文", null);
    tx.executeWithoutResult(s -> {
      notifications.send(n);
      notifications.send(sameKey);
      // the duplicate did not fail the transaction: it goes on and commits
      notifications.send(notification("同一事务"));
    });
    send(sameKey);

    dispatcher().poll();

    assertThat(jdbc.queryForObject("select count(*) from notification_outbox where message_key = :key",
        new MapSqlParameterSource("key", n.key()), Integer.class)).isEqualTo(1);
    assertThat(subjects(MAIL.getReceivedMessages())).containsOnly(n.subject(), notification("同一事务").subject())
        .filteredOn(n.subject()::equals).hasSize(2); // one e-mail to each of the two recipients
    assertThat(webhookSubjects()).containsExactlyInAnyOrder(n.subject(), notification("同一事务").subject());
  }

  @Test
  void anSmtpOutageDelaysTheEmailsWithBackoffWithoutRepeatingTheWebhook() throws Exception {
    MAIL.stop();
    Notification first = notification("邮件一");
    Notification second = notification("邮件二");
    send(first, second);
    NotificationDispatcher dispatcher = dispatcher();

    dispatcher.poll();
    assertThat(webhookSubjects()).containsExactly(first.subject(), second.subject());
    // the first e-mail failed (attempt 1); the second went back untried, to wait with it
    assertThat(delivery(first, "email")).isEqualTo("pending/1");
    assertThat(delivery(second, "email")).isEqualTo("pending/0");
    LocalDateTime firstRetry = nextAttempt(first, "email");
    assertThat(firstRetry).isEqualTo(LocalDateTime.now(clock).plusSeconds(30));

    assertThat(dispatcher.poll()).as("nothing is due before the backoff").isZero();
    clock.advance(Duration.ofSeconds(31));
    dispatcher.poll();
    assertThat(delivery(first, "email")).isEqualTo("pending/2");
    assertThat(nextAttempt(first, "email")).isEqualTo(LocalDateTime.now(clock).plusSeconds(60));

    MAIL.start();
    clock.advance(Duration.ofSeconds(61));
    dispatcher.poll();
    dispatcher.poll();

    // each e-mail once (two recipients each), the webhook never again
    assertThat(subjects(MAIL.getReceivedMessages()))
        .containsExactlyInAnyOrder(first.subject(), first.subject(), second.subject(), second.subject());
    assertThat(webhook.requests()).hasSize(2);
    assertThat(delivery(first, "email")).isEqualTo("sent/3");
    assertThat(delivery(second, "email")).isEqualTo("sent/1");
  }

  @Test
  void aWebhookOutageRetriesTheWebhookWithoutRepeatingTheEmail() throws Exception {
    webhook.answer(500, "{\"error\":\"down\"}");
    Notification n = notification("接口故障");
    send(n);
    NotificationDispatcher dispatcher = dispatcher();

    dispatcher.poll();
    clock.advance(Duration.ofSeconds(31));
    dispatcher.poll();
    assertThat(delivery(n, "webhook")).isEqualTo("pending/2");
    assertThat(jdbc.queryForObject("select last_error from notification_delivery where channel = 'webhook'",
        new MapSqlParameterSource(), String.class)).contains("500");

    webhook.answer(200, "{}");
    clock.advance(Duration.ofSeconds(61));
    dispatcher.poll();

    assertThat(webhook.requests()).hasSize(3);
    assertThat(webhook.accepted()).hasSize(1);
    // every attempt carried the same key, so a receiver can drop repeats
    assertThat(webhook.requests().stream().map(WebhookReceiver.Request::idempotencyKey).distinct())
        .containsExactly("notification-" + outboxId(n));
    assertThat(subjects(MAIL.getReceivedMessages())).containsExactly(n.subject(), n.subject());
    assertThat(delivery(n, "email")).isEqualTo("sent/1");
  }

  @Test
  void aRestartedDispatcherSendsNothingTwice() throws Exception {
    Notification a = notification("甲");
    Notification b = notification("乙");
    send(a, b);
    dispatcher().poll();
    assertThat(webhook.requests()).hasSize(2);

    // "restart": a new dispatcher over the same table
    assertThat(dispatcher().poll()).isZero();
    clock.advance(Duration.ofDays(1));
    assertThat(dispatcher().poll()).isZero();

    assertThat(webhook.requests()).hasSize(2);
    assertThat(MAIL.getReceivedMessages()).hasSize(4);
  }

  @Test
  void aDispatcherThatDiedAfterClaimingIsReplacedWhenItsLeaseRunsOut() {
    Notification n = notification("中断");
    send(n);
    // a dispatcher claims the deliveries and dies before sending
    LocalDateTime now = LocalDateTime.now(clock);
    assertThat(outbox.claim(List.of("email", "webhook"), now, now.plusMinutes(10), 50, "dead-dispatcher")).hasSize(2);

    assertThat(dispatcher().poll()).as("the claim still holds").isZero();
    clock.advance(Duration.ofMinutes(11));
    assertThat(dispatcher().poll()).isEqualTo(2);
    assertThat(dispatcher().poll()).isZero();

    assertThat(webhook.requests()).hasSize(1);
    assertThat(MAIL.getReceivedMessages()).hasSize(2);
    // the dead dispatcher's attempt counts
    assertThat(delivery(n, "webhook")).isEqualTo("sent/2");
  }

  @Test
  void dispatchersRunningAtOnceSendEachMessageOnce() throws Exception {
    List<Notification> messages = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      messages.add(notification("并发" + i));
    }
    send(messages.toArray(Notification[]::new));
    List<NotificationDispatcher> dispatchers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      dispatchers.add(new NotificationDispatcher(outbox, List.of(email, hook), Fixtures.settings(3, 5),
          Fixtures.NO_SECRETS, clock));
    }

    assertThat(Fixtures.pollAtOnce(dispatchers)).isEqualTo(60);

    assertThat(webhookSubjects()).hasSize(30).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(messages.stream().map(Notification::subject).toList());
    assertThat(subjects(MAIL.getReceivedMessages())).hasSize(60);
    assertThat(jdbc.queryForObject("select count(*) from notification_delivery where status = 'sent' and attempts = 1",
        new MapSqlParameterSource(), Integer.class)).isEqualTo(60);
  }

  @Test
  void afterTheLastAttemptADeliveryFailsForGoodUntilRequeued() throws Exception {
    webhook.answer(503, "{}");
    Notification n = notification("失败");
    send(n);
    NotificationDispatcher dispatcher = new NotificationDispatcher(outbox, List.of(email, hook),
        Fixtures.settings(50, 3), Fixtures.NO_SECRETS, clock);

    for (int i = 0; i < 5; i++) {
      dispatcher.poll();
      clock.advance(Duration.ofMinutes(10));
    }

    assertThat(webhook.requests()).hasSize(3);
    assertThat(delivery(n, "webhook")).isEqualTo("failed/3");
    assertThat(outbox.list(DeliveryStatus.FAILED, 50, 0)).singleElement().satisfies(m -> {
      assertThat(m.key()).isEqualTo(n.key());
      assertThat(m.deliveries()).extracting(OutboxRepository.DeliveryView::channel, OutboxRepository.DeliveryView::status)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("email", "sent"),
              org.assertj.core.groups.Tuple.tuple("webhook", "failed"));
      assertThat(m.deliveries().get(1).lastError()).contains("503");
    });

    webhook.answer(200, "{}");
    assertThat(outbox.requeueFailed(outboxId(n))).isEqualTo(1);
    dispatcher.poll();

    assertThat(delivery(n, "webhook")).isEqualTo("sent/1");
    assertThat(webhook.accepted()).hasSize(1);
    assertThat(MAIL.getReceivedMessages()).hasSize(2);
    assertThat(outbox.list(DeliveryStatus.FAILED, 50, 0)).isEmpty();
  }

  @Test
  void aWeComRobotGetsItsTextMessageAndItsErrcodeCounts() {
    WebhookChannel wecom = new WebhookChannel(webhook.url(), WebhookChannel.Format.WECOM, null, Duration.ofSeconds(5),
        clock);
    NotificationService service = new NotificationService(outbox, List.of(wecom), "http://nc.test");
    Notification n = notification("企业微信");
    tx.executeWithoutResult(s -> service.send(n));
    NotificationDispatcher dispatcher = new NotificationDispatcher(outbox, List.of(wecom), Fixtures.settings(50, 5),
        Fixtures.NO_SECRETS, clock);
    // rate-limited: HTTP 200 with a non-zero errcode
    webhook.answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");

    dispatcher.poll();
    assertThat(delivery(n, "webhook")).isEqualTo("pending/1");

    webhook.answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    clock.advance(Duration.ofSeconds(31));
    dispatcher.poll();

    assertThat(delivery(n, "webhook")).isEqualTo("sent/2");
    WebhookReceiver.Request r = webhook.requests().get(1);
    assertThat(r.json().get("msgtype").asText()).isEqualTo("text");
    assertThat(r.json().get("text").get("content").asText())
        .isEqualTo(n.subject() + "\n" + n.body() + "\n" + n.link());
  }

  @Test
  void aWeComTextIsCutToItsByteLimit() {
    String cut = WebhookChannel.fitBytes("通".repeat(1000), WebhookChannel.WECOM_MAX_BYTES);
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WebhookChannel.WECOM_MAX_BYTES);
    assertThat(cut).endsWith("…").startsWith("通".repeat(680));
  }

  @Test
  void aDingTalkRobotGetsASignedRequest() throws Exception {
    String secret = "SECtest0123456789";
    WebhookChannel dingtalk = new WebhookChannel(java.net.URI.create(webhook.url() + "?access_token=t0k"),
        WebhookChannel.Format.DINGTALK, secret, Duration.ofSeconds(5), clock);
    webhook.answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");

    dingtalk.deliver(new OutboxMessage(7, notification("钉钉"), LocalDateTime.now(clock)));

    WebhookReceiver.Request r = webhook.requests().get(0);
    long timestamp = clock.millis();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sign = Base64.getEncoder().encodeToString(
        mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    assertThat(r.query()).isEqualTo("access_token=t0k&timestamp=" + timestamp + "&sign="
        + java.net.URLEncoder.encode(sign, StandardCharsets.UTF_8));
    assertThat(r.json().get("msgtype").asText()).isEqualTo("text");
    assertThat(r.json().get("text").get("content").asText()).startsWith(notification("钉钉").subject());
    assertThat(r.idempotencyKey()).isEqualTo("notification-7");
  }

  @Test
  void backoffGrowsByTheMultiplierUpToTheMaximum() {
    NotificationProperties.Backoff b = new NotificationProperties.Backoff(Duration.ofSeconds(30), 2,
        Duration.ofMinutes(5));
    assertThat(List.of(b.after(1), b.after(2), b.after(3), b.after(4), b.after(5), b.after(30))).containsExactly(
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240),
        Duration.ofMinutes(5), Duration.ofMinutes(5));
  }
}
