package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.orgdirectory.Contacts;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SMS through a configurable HTTP gateway, against a local fake one: the body template filled (and JSON-escaped),
 * the text short, only the configured kinds sent, a 5xx answer retried with the backoff, a 4xx (or a 2xx failing
 * the success check) refusing that number alone, and no number getting a message twice.
 */
class SmsChannelTest {

  private static final String TEMPLATE = "{\"to\": \"{mobile}\", \"content\": \"{text}\", \"sign\": \"四川省总工会\"}";

  private final ApplicationContext context = EngineTestContext.context();
  private final NamedParameterJdbcTemplate jdbc = context.getBean(NamedParameterJdbcTemplate.class);
  private final TransactionTemplate tx = context.getBean(TransactionTemplate.class);
  private final IdentityService identity = context.getBean(IdentityService.class);
  private final OutboxRepository outbox = context.getBean(OutboxRepository.class);
  private final Contacts contacts = context.getBean(Contacts.class);
  private final MutableClock clock = new MutableClock();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String group = "sm" + run;
  private final String prefix = "139" + Math.abs(run.hashCode() % 10000);
  private FakeSmsGateway gateway;
  private SmsChannel sms;
  private NotificationDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    gateway = new FakeSmsGateway();
    Fixtures.person(jdbc, identity, group, "sma" + run, mobile(1), null, true);
    Fixtures.person(jdbc, identity, group, "smb" + run, mobile(2), null, true);
    Fixtures.person(jdbc, identity, group, "smc" + run, mobile(3), null, true);
    Fixtures.person(jdbc, identity, group, "smd" + run, mobile(4), null, true);
    Fixtures.person(jdbc, identity, group, "sme" + run, mobile(5), null, false);
    Fixtures.person(jdbc, identity, group, "smf" + run, null, null, true);
    sms = new SmsChannel(new NotificationProperties.Sms(true, gateway.url(), "POST",
        Map.of("Content-Type", "application/json", "Authorization", "Bearer t0ken" + run), TEMPLATE,
        new NotificationProperties.SmsSuccess("/code", "0"), 70, List.of("催办", "督办"), Duration.ofSeconds(5)),
        identity, contacts, outbox, clock);
    dispatcher = new NotificationDispatcher(outbox, List.of(sms), Fixtures.settings(50, 5), Fixtures.NO_SECRETS, clock);
  }

  @AfterEach
  void tearDown() {
    jdbc.update("delete from person where user_id like :p", new MapSqlParameterSource("p", "sm_" + run));
    gateway.close();
  }

  private String mobile(int i) {
    return prefix + String.format("%04d", i);
  }

  private Notification reminder(String name) {
    return new Notification("sms:" + run + ":" + name, group, "【催办】请签收：川工发〔2026〕7号 \"" + name + "\"",
        "正文不发短信。", "http://nc.test/t/7");
  }

  private void send(Notification n) {
    tx.executeWithoutResult(s -> new NotificationService(outbox, List.of(sms), "http://nc.test").send(n));
  }

  @Test
  void theTemplateIsFilledWithTheShortTextForEachActiveMembersMobile() {
    Notification n = reminder("甲");
    send(n);

    dispatcher.poll();

    assertThat(gateway.requests()).extracting(FakeSmsGateway.Request::to)
        .containsExactlyInAnyOrder(mobile(1), mobile(2), mobile(3), mobile(4));
    assertThat(gateway.requests()).allSatisfy(r -> {
      // the quotes in the subject arrived JSON-escaped: the gateway parsed the body
      assertThat(r.content()).isEqualTo(n.subject() + " " + n.link());
      assertThat(r.authorization()).isEqualTo("Bearer t0ken" + run);
      assertThat(r.idempotencyKey()).isEqualTo("notification-" + Fixtures.outboxId(jdbc, n) + "-" + r.to());
    });
    assertThat(Fixtures.delivery(jdbc, n, "sms")).isEqualTo("sent/1");
  }

  @Test
  void onlyTheConfiguredKindsGoBySmsAndTheTextIsCutToItsLength() {
    Notification arrival = new Notification("sms:" + run + ":arrival", group, "【待签收】川工发〔2026〕8号", "", null);
    Notification late = new Notification("sms:" + run + ":late", group,
        "【督办】" + "某某区总工会逾期未报告关于认真学习宣传贯彻工会十八大精神的通知".repeat(3), "", "http://nc.test/t/9");
    send(arrival);
    send(late);

    assertThat(jdbc.queryForObject("select count(*) from notification_delivery d join notification_outbox o"
        + " on o.id = d.outbox_id where o.message_key = :k", new MapSqlParameterSource("k", arrival.key()),
        Integer.class)).as("no SMS delivery for 待签收").isZero();
    dispatcher.poll();

    assertThat(gateway.requests()).hasSize(4).allSatisfy(r -> {
      assertThat(r.content().codePointCount(0, r.content().length())).isLessThanOrEqualTo(70);
      assertThat(r.content()).startsWith("【督办】某某区总工会").endsWith("… http://nc.test/t/9");
    });
  }

  @Test
  void aServerErrorIsRetriedARefusalIsForGoodAndNoNumberGetsItTwice() {
    gateway.script(mobile(2), 400, "{\"code\":40,\"msg\":\"invalid mobile\"}");
    gateway.script(mobile(3), 503, "{\"msg\":\"busy\"}", 200, "{\"code\":0}");
    gateway.script(mobile(4), 200, "{\"code\":17,\"msg\":\"blacklisted\"}");
    Notification n = reminder("乙");
    send(n);

    // 1 gets it, 2 is refused, 3's 503 makes the channel wait: 4 is not tried in this round
    dispatcher.poll();
    assertThat(Fixtures.delivery(jdbc, n, "sms")).isEqualTo("pending/1");
    assertThat(gateway.requests()).extracting(FakeSmsGateway.Request::to, FakeSmsGateway.Request::status)
        .containsExactly(tuple(mobile(1), 200), tuple(mobile(2), 400), tuple(mobile(3), 503));

    clock.advance(Duration.ofSeconds(31));
    dispatcher.poll();

    assertThat(gateway.to(mobile(1))).hasSize(1);
    assertThat(gateway.to(mobile(2))).hasSize(1);
    assertThat(gateway.to(mobile(3))).extracting(FakeSmsGateway.Request::status).containsExactly(503, 200);
    assertThat(gateway.to(mobile(4))).hasSize(1);
    assertThat(gateway.to(mobile(5))).as("inactive").isEmpty();
    assertThat(Fixtures.delivery(jdbc, n, "sms")).isEqualTo("failed/2");
    OutboxRepository.DeliveryView d = outbox.find(Fixtures.outboxId(jdbc, n)).orElseThrow().deliveries().get(0);
    assertThat(d.recipients()).extracting(OutboxRepository.RecipientView::address,
        OutboxRepository.RecipientView::status).containsExactly(tuple(mobile(1), "sent"), tuple(mobile(2), "failed"),
        tuple(mobile(3), "sent"), tuple(mobile(4), "failed"));
    assertThat(d.lastError()).contains(mobile(2) + "（用户 smb" + run + "）：短信网关拒收：HTTP 400")
        .contains("/code = 17").contains("其余 2 位接收人已收到");
  }
}
