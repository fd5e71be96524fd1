package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A robot's webhook URL carries its credential (WeChat Work's {@code key}, DingTalk's {@code access_token} and
 * {@code sign}), and an error answer may quote the request (a gateway's error page, a robot's errmsg), which the
 * failure's text then carries. Against a real receiver answering such errors: the credential is in no stored error,
 * no log line and no answer of the administrators' API.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookSecretTest {

  private final ApplicationContext context = EngineTestContext.context();
  private final NamedParameterJdbcTemplate jdbc = context.getBean(NamedParameterJdbcTemplate.class);
  private final TransactionTemplate tx = context.getBean(TransactionTemplate.class);
  private final OutboxRepository outbox = context.getBean(OutboxRepository.class);
  private final MutableClock clock = new MutableClock();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private WebhookReceiver webhook;

  @BeforeEach
  void setUp() {
    // in the engine tests' context no channel is enabled: every delivery row is this class's
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    webhook = new WebhookReceiver();
  }

  @AfterEach
  void tearDown() {
    webhook.close();
  }

  /**
   * Queues one message for the robot at this URL and lets it fail twice, for good (the retry's warning, then the
   * final error), with the channel and the redaction built as NotificationConfiguration builds them.
   *
   * @return the stored error and the administrators' API's answer for the message
   */
  private String failTwice(String url, WebhookChannel.Format format, String secret) throws Exception {
    Redactor redactor = new Redactor(url, secret, null);
    WebhookChannel robot = new WebhookChannel(WebhookChannel.url(url, redactor), format, secret,
        Duration.ofSeconds(5), clock);
    Notification n = new Notification("secret:" + run, "sccd", "【待签收】机器人", "正文", null);
    tx.executeWithoutResult(s -> new NotificationService(outbox, List.of(robot), "http://nc.test").send(n));
    NotificationDispatcher dispatcher = new NotificationDispatcher(outbox, List.of(robot), Fixtures.settings(50, 2),
        redactor, clock);
    dispatcher.poll();
    clock.advance(Duration.ofMinutes(1));
    dispatcher.poll();
    assertThat(Fixtures.delivery(jdbc, n, "webhook")).isEqualTo("failed/2");
    String stored = jdbc.queryForObject("select last_error from notification_delivery where channel = 'webhook'",
        new MapSqlParameterSource(), String.class);
    String shown = new ObjectMapper().findAndRegisterModules()
        .writeValueAsString(outbox.list(DeliveryStatus.FAILED, 50, 0));
    return stored + "\n" + shown;
  }

  @Test
  void aWeComRobotsKeyIsNeitherStoredNorLoggedNorShown(CapturedOutput output) throws Exception {
    String key = "693a91f6-" + run;
    // WeChat Work's refusal is HTTP 200 with an errcode; this errmsg quotes the URL
    webhook.answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url: " + WebhookReceiver.REQUEST + "\"}");

    String errors = failTwice(webhook.url() + "?key=" + key, WebhookChannel.Format.WECOM, null);

    assertThat(webhook.requests()).hasSize(2).allSatisfy(r -> assertThat(r.query()).isEqualTo("key=" + key));
    // what went wrong is still there, with the key hidden
    assertThat(errors).contains("errcode 93000 invalid webhook url: /hook?key=***");
    assertThat(output.getAll()).contains("经渠道 webhook 发送失败（第 1/2 次）").contains("发送 2 次均失败")
        .contains("/hook?key=***");
    assertThat(errors).doesNotContain(key);
    assertThat(output.getAll()).doesNotContain(key);
  }

  @Test
  void aDingTalkRobotsTokenSecretAndSignatureAreNeitherStoredNorLoggedNorShown(CapturedOutput output)
      throws Exception {
    String token = "dt" + run + "c0ffee";
    String secret = "SEC" + run + "5ecret";
    // a gateway's error page quoting the signed request
    webhook.answer(502, "<html><body>502 Bad Gateway: POST " + WebhookReceiver.REQUEST + "</body></html>");

    String errors = failTwice(webhook.url() + "?access_token=" + token, WebhookChannel.Format.DINGTALK, secret);

    assertThat(webhook.requests()).hasSize(2).allSatisfy(r -> assertThat(r.query()).contains("&sign="));
    assertThat(errors).contains("502 Bad Gateway: POST /hook?access_token=***&timestamp=").contains("&sign=***");
    assertThat(output.getAll()).contains("发送 2 次均失败").contains("access_token=***").contains("&sign=***");
    for (String text : List.of(errors, output.getAll())) {
      assertThat(text).doesNotContain(token).doesNotContain(secret).doesNotContainPattern("sign=[^*]");
    }
  }

  @Test
  void anErrorStoredBeforeSecretsWereHiddenIsShownWithoutThem() throws Exception {
    String key = "legacy-" + run;
    Notification n = new Notification("legacy:" + run, "sccd", "【待签收】旧记录", "正文", null);
    tx.executeWithoutResult(s -> outbox.enqueue(n, List.of("webhook"), LocalDateTime.now(clock)));
    jdbc.update("update notification_delivery set status = 'failed', last_error = :error where outbox_id = :id",
        new MapSqlParameterSource("id", Fixtures.outboxId(jdbc, n)).addValue("error",
            "HttpServerErrorException: 500 on POST request for \"https://qyapi.weixin.qq.com/send?key=" + key + "\""));

    String shown = new ObjectMapper().findAndRegisterModules()
        .writeValueAsString(outbox.list(DeliveryStatus.FAILED, 50, 0));

    assertThat(shown).contains("send?key=***").doesNotContain(key);
  }
}
