package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Set;
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
 * 企业微信应用消息 against a local fake of WeChat Work's API: the access token fetched once and cached, renewed
 * before it expires and when WeChat Work ends it early, an outage retried with the backoff, each person reached
 * once, and a user WeChat Work does not know recorded as refused. Group members and persons are real rows
 * (Camunda users, table person) on the engine tests' H2.
 */
class WecomAppChannelTest {

  private final ApplicationContext context = EngineTestContext.context();
  private final NamedParameterJdbcTemplate jdbc = context.getBean(NamedParameterJdbcTemplate.class);
  private final TransactionTemplate tx = context.getBean(TransactionTemplate.class);
  private final IdentityService identity = context.getBean(IdentityService.class);
  private final OutboxRepository outbox = context.getBean(OutboxRepository.class);
  private final Contacts contacts = context.getBean(Contacts.class);
  private final MutableClock clock = new MutableClock();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String group = "wx" + run;
  private FakeWecom wecom;
  private WecomAppChannel channel;
  private NotificationDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    // WeChat Work knows zhangsan and lisi (and wangwu, who is no longer active here)
    wecom = new FakeWecom(clock, "ww" + run, "corp-secret-" + run, Set.of("zhangsan", "lisi", "wangwu"));
    Fixtures.person(jdbc, identity, group, "wxa" + run, null, "ZhangSan", true);
    Fixtures.person(jdbc, identity, group, "wxb" + run, null, "lisi", true);
    Fixtures.person(jdbc, identity, group, "wxc" + run, null, "ghost" + run, true);
    Fixtures.person(jdbc, identity, group, "wxd" + run, null, "wangwu", false);
    Fixtures.person(jdbc, identity, group, "wxe" + run, null, null, true);
    channel = new WecomAppChannel(wecom.url(), "ww" + run, "corp-secret-" + run, 1000002, identity, contacts, outbox,
        Duration.ofSeconds(5), clock);
    dispatcher = new NotificationDispatcher(outbox, List.of(channel), Fixtures.settings(50, 5), Fixtures.NO_SECRETS,
        clock);
  }

  @AfterEach
  void tearDown() {
    jdbc.update("delete from person where user_id like :p", new MapSqlParameterSource("p", "wx_" + run));
    wecom.close();
  }

  private Notification message(String name) {
    return new Notification("wx:" + run + ":" + name, group, "【催办】请签收：" + name, "请登录任务列表签收。",
        "http://nc.test/t/" + name);
  }

  private void send(Notification n) {
    tx.executeWithoutResult(s -> new NotificationService(outbox, List.of(channel), "http://nc.test").send(n));
  }

  @Test
  void eachActiveMemberWithAWecomIdGetsTheTextOnceAndAnUnknownOneIsRefused() {
    Notification first = message("甲");
    Notification second = message("乙");
    send(first);
    send(second);

    dispatcher.poll();

    // one token for both messages
    assertThat(wecom.tokensIssued()).isEqualTo(1);
    assertThat(wecom.calls()).hasSize(2).allSatisfy(c -> {
      assertThat(c.touser()).isEqualTo("zhangsan|lisi|ghost" + run);
      assertThat(c.agentId()).isEqualTo(1000002);
    });
    assertThat(wecom.calls().get(0).content()).isEqualTo(first.subject() + "\n" + first.body() + "\n" + first.link());
    assertThat(wecom.received()).containsOnlyKeys("zhangsan", "lisi")
        .allSatisfy((u, texts) -> assertThat(texts).hasSize(2));
    // the unknown one fails alone and for good; the others are recorded as reached
    assertThat(Fixtures.delivery(jdbc, first, "wecomapp")).isEqualTo("failed/1");
    OutboxRepository.DeliveryView d = outbox.find(Fixtures.outboxId(jdbc, first)).orElseThrow().deliveries().get(0);
    assertThat(d.lastError()).contains("ghost" + run).contains("其余 2 位接收人已收到");
    assertThat(d.recipients()).extracting(OutboxRepository.RecipientView::address,
        OutboxRepository.RecipientView::userId, OutboxRepository.RecipientView::status).containsExactlyInAnyOrder(
        tuple("zhangsan", "wxa" + run, "sent"), tuple("lisi", "wxb" + run, "sent"),
        tuple("ghost" + run, "wxc" + run, "failed"));

    // requeued by an administrator: only the refused one is tried again
    outbox.requeueFailed(Fixtures.outboxId(jdbc, first));
    dispatcher.poll();
    assertThat(wecom.calls().get(2).touser()).isEqualTo("ghost" + run);
    assertThat(wecom.calls().get(2).errcode()).isEqualTo(81013);
    assertThat(wecom.received().get("zhangsan")).hasSize(2);
  }

  @Test
  void theTokenIsRenewedBeforeItExpiresAndWhenWecomEndsItEarly() {
    send(message("一"));
    dispatcher.poll();
    assertThat(wecom.tokensIssued()).isEqualTo(1);

    // WeChat Work ends the token early: answered 40014, renewed once, the call repeated
    wecom.revokeTokens();
    send(message("二"));
    dispatcher.poll();
    assertThat(wecom.tokensIssued()).isEqualTo(2);
    assertThat(wecom.calls()).extracting(FakeWecom.Call::errcode).containsExactly(0, 40014, 0);

    // near the end of its 7,200 seconds the token is renewed before use: no call meets an expired token
    clock.advance(Duration.ofSeconds(7200 - 200));
    send(message("三"));
    dispatcher.poll();
    assertThat(wecom.tokensIssued()).isEqualTo(3);
    assertThat(wecom.calls()).extracting(FakeWecom.Call::errcode).containsExactly(0, 40014, 0, 0);
    assertThat(wecom.received().get("zhangsan")).hasSize(3);
    assertThat(wecom.received().get("lisi")).hasSize(3);
  }

  @Test
  void anExpiredTokenIsRenewedOnceAndTheCallRepeated() {
    send(message("一"));
    dispatcher.poll();
    // WeChat Work counts the token expired sooner than its expires_in said (clocks differ)
    wecom.expireTokens();
    send(message("二"));
    dispatcher.poll();

    assertThat(wecom.calls()).extracting(FakeWecom.Call::errcode).containsExactly(0, 42001, 0);
    assertThat(wecom.tokensIssued()).isEqualTo(2);
    assertThat(wecom.received().get("lisi")).hasSize(2);
  }

  @Test
  void anOutageIsRetriedWithTheBackoffAndEachPersonGetsTheMessageOnce() {
    wecom.down(true);
    Notification n = message("停机");
    send(n);

    dispatcher.poll();
    assertThat(Fixtures.delivery(jdbc, n, "wecomapp")).isEqualTo("pending/1");
    assertThat(wecom.received()).isEmpty();
    dispatcher.poll();
    assertThat(Fixtures.delivery(jdbc, n, "wecomapp")).as("waits for its backoff").isEqualTo("pending/1");

    wecom.down(false);
    clock.advance(Duration.ofSeconds(31));
    dispatcher.poll();
    dispatcher.poll();

    assertThat(Fixtures.delivery(jdbc, n, "wecomapp")).isEqualTo("failed/2");
    assertThat(wecom.received().get("zhangsan")).containsExactly(n.subject() + "\n" + n.body() + "\n" + n.link());
    assertThat(wecom.received().get("lisi")).hasSize(1);
    assertThat(wecom.received()).doesNotContainKey("wangwu");
  }
}
