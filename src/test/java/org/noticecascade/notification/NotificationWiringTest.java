package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.noticecascade.testing.CascadeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The application as configured: application properties enable the e-mail and webhook channels beside the log, the
 * dispatcher is on Spring's scheduler, the demo users have e-mail addresses, a real step's notification reaches
 * GreenMail and the webhook once (and a rolled-back step's never), and the failed list is for administrators only:
 * it shows a refused e-mail recipient with its reason, and never the webhook URL's key. GreenMail sits behind a front
 * that refuses chosen recipients. The scheduled round is an hour away: the test runs the rounds itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.profiles.active=demo",
    "spring.datasource.url=jdbc:h2:mem:notificationwiring;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=false",
    "spring.mail.host=127.0.0.1",
    "notice-cascade.notification.email.enabled=true",
    "notice-cascade.notification.email.from=通知逐级传达系统 <noreply@noticecascade.test>",
    "notice-cascade.notification.webhook.enabled=true",
    "notice-cascade.notification.webhook.format=generic",
    "notice-cascade.notification.dispatcher.interval=1h",
    "notice-cascade.notification.dispatcher.max-attempts=2",
    "notice-cascade.notification.dispatcher.backoff.initial=0s",
    "notice-cascade.notification.dispatcher.backoff.max=0s"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class NotificationWiringTest {

  private static final int SMTP_PORT = Fixtures.freePort();
  private static final RefusingSmtpFront SMTP_FRONT = new RefusingSmtpFront(SMTP_PORT);
  private static final WebhookReceiver WEBHOOK = new WebhookReceiver();
  /** a robot's key, as the URL of a WeChat Work robot carries it */
  private static final String WEBHOOK_KEY = "wiring-" + UUID.randomUUID();

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  @DynamicPropertySource
  static void receivers(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", SMTP_FRONT::port);
    registry.add("notice-cascade.notification.webhook.url", () -> WEBHOOK.url() + "?key=" + WEBHOOK_KEY);
  }

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @Autowired TransactionTemplate tx;
  @Autowired List<NotificationChannel> channels;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired NotificationService notifications;
  @Autowired ScheduledTaskHolder scheduled;
  @Autowired IdentityService identity;

  @BeforeEach
  void resetWebhook() {
    WEBHOOK.reset();
  }

  @AfterAll
  static void closeReceivers() {
    WEBHOOK.close();
    SMTP_FRONT.close();
  }

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, "demo");
  }

  /** channel → status of a message as the API shows it */
  private static Map<String, String> statuses(JsonNode message) {
    Map<String, String> statuses = new java.util.TreeMap<>();
    message.get("deliveries").forEach(d -> statuses.put(d.get("channel").asText(), d.get("status").asText()));
    return statuses;
  }

  private int outbox(String key) {
    return jdbc.queryForObject("select count(*) from notification_outbox where message_key = ?", Integer.class, key);
  }

  @Test
  void propertiesEnableTheChannelsAndTheScheduledDispatcher() {
    assertThat(channels).extracting(NotificationChannel::name).containsExactlyInAnyOrder("log", "email", "webhook");
    assertThat(scheduled.getScheduledTasks()).anySatisfy(t -> assertThat(t.getTask())
        .isInstanceOfSatisfying(FixedDelayTask.class, f -> assertThat(f.getIntervalDuration())
            .isEqualTo(Duration.ofHours(1))));
  }

  @Test
  void aStepsNotificationReachesTheUnitsClerkByEmailAndTheWebhookOnceAndARolledBackStepsNever() throws Exception {
    var created = as("scclerk").postForEntity("/api/notices", Map.of("docNumber", "川工发〔2026〕7号",
        "title", "关于做好通知发送的通知", "issuerUnit", "sc", "issuedOn", LocalDate.now().toString(),
        "summary", "请及时签收。", "addresseeUnits", List.of("sccd"),
        "reportDueDate", CascadeDriver.dueDate().toString()), JsonNode.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String key = "received:" + created.getBody().get("id").asLong() + "/sccd";
    CascadeDriver driver = new CascadeDriver(engine);

    tx.executeWithoutResult(s -> {
      driver.runJobs();
      assertThat(outbox(key)).isEqualTo(1);
      s.setRollbackOnly();
    });
    dispatcher.poll();
    assertThat(outbox(key)).isZero();
    assertThat(MAIL.getReceivedMessages()).isEmpty();
    assertThat(WEBHOOK.requests()).isEmpty();

    driver.runJobs();
    dispatcher.poll();
    dispatcher.poll();

    MimeMessage[] mails = MAIL.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
        .containsExactly("sccdclerk@demo.noticecascade.invalid");
    assertThat(mails[0].getSubject()).isEqualTo("【待签收】川工发〔2026〕7号 关于做好通知发送的通知");
    assertThat((String) mails[0].getContent()).contains("来自四川省总工会").contains("/camunda/app/tasklist/");
    assertThat(WEBHOOK.accepted()).singleElement().satisfies(r -> {
      assertThat(r.json().get("key").asText()).isEqualTo(key);
      assertThat(r.json().get("recipientGroup").asText()).isEqualTo("sccd");
    });
    assertThat(jdbc.queryForList("select d.channel || '=' || d.status from notification_delivery d"
        + " join notification_outbox o on o.id = d.outbox_id where o.message_key = ?", String.class, key))
        .containsExactlyInAnyOrder("log=sent", "email=sent", "webhook=sent");
  }

  @Test
  void aDeliveryThatFailedForGoodIsListedForAdministratorsOnlyAndCanBeRequeued(CapturedOutput output) {
    // an error answer that quotes the request, key and all
    WEBHOOK.answer(500, "{\"error\":\"upstream failed\",\"request\":\"" + WebhookReceiver.REQUEST + "\"}");
    tx.executeWithoutResult(s -> notifications.send(new Notification("wiring:failing", "sccd", "【退回修改】测试",
        "退回理由：数据不全。", null)));
    dispatcher.poll();
    dispatcher.poll();
    long id = jdbc.queryForObject("select id from notification_outbox where message_key = 'wiring:failing'",
        Long.class);

    var failed = as("admin").getForEntity("/api/notifications?status=failed", JsonNode.class);
    assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode message = failed.getBody().get(0);
    assertThat(message.get("id").asLong()).isEqualTo(id);
    assertThat(message.get("key").asText()).isEqualTo("wiring:failing");
    assertThat(statuses(message)).isEqualTo(Map.of("log", "sent", "email", "sent", "webhook", "failed"));
    JsonNode webhook = message.get("deliveries").findParents("channel").stream()
        .filter(d -> d.get("channel").asText().equals("webhook")).findFirst().orElseThrow();
    assertThat(webhook.get("statusLabel").asText()).isEqualTo("发送失败");
    assertThat(webhook.get("attempts").asInt()).isEqualTo(2);
    assertThat(webhook.get("lastError").asText()).contains("500").contains("/hook?key=***");
    assertThat(failed.getBody().toString()).doesNotContain(WEBHOOK_KEY);
    assertThat(output.getAll()).contains("经渠道 webhook 发送 2 次均失败").doesNotContain(WEBHOOK_KEY);

    // administrators only
    assertThat(as("sccdclerk").getForEntity("/api/notifications?status=failed", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(as("scleader").postForEntity("/api/notifications/" + id + "/retry", null, JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(anonymous.getForEntity("/api/notifications", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(as("admin").getForEntity("/api/notifications?status=lost", JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(as("admin").postForEntity("/api/notifications/999999/retry", null, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    WEBHOOK.answer(200, "{}");
    var retried = as("admin").postForEntity("/api/notifications/" + id + "/retry", null, JsonNode.class);
    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(statuses(retried.getBody())).isEqualTo(Map.of("log", "sent", "email", "sent", "webhook", "pending"));
    dispatcher.poll();

    assertThat(statuses(as("admin").getForObject("/api/notifications/" + id, JsonNode.class)))
        .isEqualTo(Map.of("log", "sent", "email", "sent", "webhook", "sent"));
    assertThat(as("admin").getForObject("/api/notifications?status=failed", JsonNode.class)).isEmpty();
    assertThat(as("admin").postForEntity("/api/notifications/" + id + "/retry", null, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    // the e-mail went once, through every retry of the webhook
    assertThat(MAIL.getReceivedMessages()).extracting(m -> {
      try {
        return m.getSubject();
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).containsOnlyOnce("【退回修改】测试");
  }

  @Test
  void aRefusedRecipientIsListedWithItsReasonAndARequeueReachesTheCorrectedAddressAlone() {
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String group = "wiringref" + run;
    String bad = "bad" + run + "@example.org";
    Fixtures.member(identity, group, "wiringok" + run, "ok" + run + "@example.org");
    Fixtures.member(identity, group, "wiringbad" + run, bad);
    SMTP_FRONT.refuse(bad, "550 5.1.1 <" + bad + ">: Recipient address rejected: User unknown");
    tx.executeWithoutResult(s -> notifications.send(new Notification("wiring:refused:" + run, group,
        "【待审核】测试", "请审核。", null)));
    dispatcher.poll();

    JsonNode message = java.util.stream.StreamSupport.stream(as("admin")
            .getForObject("/api/notifications?status=failed", JsonNode.class).spliterator(), false)
        .filter(m -> m.get("key").asText().equals("wiring:refused:" + run)).findFirst().orElseThrow();
    assertThat(statuses(message)).isEqualTo(Map.of("log", "sent", "email", "failed", "webhook", "sent"));
    JsonNode email = message.get("deliveries").findParents("channel").stream()
        .filter(d -> d.get("channel").asText().equals("email")).findFirst().orElseThrow();
    assertThat(email.get("attempts").asInt()).isEqualTo(1);
    assertThat(email.get("lastError").asText()).isEqualTo("未送达，不再重试：" + bad + "（用户 wiringbad" + run
        + "）：邮件服务器拒收（550 5.1.1 <" + bad + ">: Recipient address rejected: User unknown）；其余 1 位收件人已收到");
    Map<String, String> recipients = new java.util.TreeMap<>();
    email.get("recipients").forEach(r -> recipients.put(r.get("address").asText(),
        r.get("status").asText() + " " + r.get("statusLabel").asText() + " " + r.get("userId").asText()));
    assertThat(recipients).isEqualTo(Map.of("ok" + run + "@example.org", "sent 已发送 wiringok" + run,
        bad, "failed 发送失败 wiringbad" + run));

    // the clerk corrects the address; the administrator requeues the message
    var user = identity.createUserQuery().userId("wiringbad" + run).singleResult();
    user.setEmail("fixed" + run + "@example.org");
    identity.saveUser(user);
    long id = message.get("id").asLong();
    assertThat(as("admin").postForEntity("/api/notifications/" + id + "/retry", null, JsonNode.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    dispatcher.poll();

    assertThat(statuses(as("admin").getForObject("/api/notifications/" + id, JsonNode.class)))
        .isEqualTo(Map.of("log", "sent", "email", "sent", "webhook", "sent"));
    assertThat(MAIL.getReceivedMessages()).filteredOn(m -> {
      try {
        return m.getSubject().equals("【待审核】测试");
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).extracting(m -> m.getRecipients(Message.RecipientType.TO)[0].toString())
        .containsExactlyInAnyOrder("ok" + run + "@example.org", "fixed" + run + "@example.org");
  }
}
