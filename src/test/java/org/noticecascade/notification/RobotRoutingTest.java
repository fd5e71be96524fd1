package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.orgdirectory.Contacts;
import org.noticecascade.testing.EngineTestContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each message goes to its unit's own robot (table unit_channel, read through orgdirectory.Contacts), a leaders'
 * group's to its unit's robot, and a unit without one to the default robot, or to none (skipped, not failed). Against
 * a local fake of WeChat Work's group robot, on the engine tests' H2 with the directory's test units.
 */
class RobotRoutingTest {

  private final ApplicationContext context = EngineTestContext.context();
  private final NamedParameterJdbcTemplate jdbc = context.getBean(NamedParameterJdbcTemplate.class);
  private final TransactionTemplate tx = context.getBean(TransactionTemplate.class);
  private final OutboxRepository outbox = context.getBean(OutboxRepository.class);
  private final Contacts contacts = context.getBean(Contacts.class);
  private final MutableClock clock = new MutableClock();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final MockEnvironment environment = new MockEnvironment();
  private FakeRobot robots;

  @BeforeEach
  void setUp() {
    // in the engine tests' context no channel is enabled: every delivery row is this class's
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    robots = new FakeRobot(clock, 20);
    unitRobot("tprov", robots.url("prov" + run), "wecom", null);
  }

  @AfterEach
  void tearDown() {
    jdbc.update("delete from unit_channel where unit_code in ('tprov', 'tcity2')", new MapSqlParameterSource());
    robots.close();
  }

  private void unitRobot(String unit, String url, String format, String secretRef) {
    jdbc.update("insert into unit_channel (unit_code, robot_url, robot_format, robot_secret_ref)"
        + " values (:unit, :url, :format, :ref)", new MapSqlParameterSource("unit", unit).addValue("url", url)
        .addValue("format", format).addValue("ref", secretRef));
  }

  private WebhookChannel channel(Robot defaultRobot) {
    return new WebhookChannel(defaultRobot, new RobotDirectory(contacts::unitChannel, environment),
        new RobotRateLimiter(jdbc), 20, 500, Duration.ofSeconds(5), clock);
  }

  private Robot defaultRobot() {
    return new Robot(robots.uri("default" + run), WebhookChannel.Format.WECOM, null, null);
  }

  private Notification message(String group, String subject) {
    return new Notification("robot:" + run + ":" + group + ":" + subject, group, subject, "正文：" + subject,
        "http://nc.test/t/" + subject.hashCode());
  }

  private void sendAndDispatch(WebhookChannel channel, Notification... messages) {
    NotificationService service = new NotificationService(outbox, List.of(channel), "http://nc.test");
    tx.executeWithoutResult(s -> Arrays.stream(messages).forEach(service::send));
    new NotificationDispatcher(outbox, List.of(channel), Fixtures.settings(50, 5), Fixtures.NO_SECRETS, clock).poll();
  }

  @Test
  void aUnitsMessagesAndItsLeadersGoToItsOwnRobotMergedByKindAndOthersToTheDefault() {
    Notification a = message("tprov", "【待签收】川工发〔2026〕1号 关于甲的通知");
    Notification b = message("tprov", "【待签收】川工发〔2026〕2号 关于乙的通知");
    Notification c = message("tprovleaders", "【逾期日报】川工发〔2026〕1号 关于甲的通知");
    Notification d = message("tcity1", "【待签收】川工发〔2026〕3号 关于丙的通知");

    sendAndDispatch(channel(defaultRobot()), a, c, b, d);

    // one post to the province's robot, its messages listed by kind, each with its link
    assertThat(robots.accepted("prov" + run)).singleElement().satisfies(p -> {
      assertThat(p.content()).isEqualTo("【待签收】共 2 条：\n"
          + "1. 川工发〔2026〕1号 关于甲的通知\n" + a.link() + "\n"
          + "2. 川工发〔2026〕2号 关于乙的通知\n" + b.link() + "\n"
          + "【逾期日报】共 1 条：\n"
          + "1. 川工发〔2026〕1号 关于甲的通知\n" + c.link());
      assertThat(p.idempotencyKey()).startsWith("notifications-").hasSize("notifications-".length() + 32);
    });
    // the city has no robot: the default one, the message as it reads alone
    assertThat(robots.accepted("default" + run)).singleElement().satisfies(p -> {
      assertThat(p.content()).isEqualTo(d.subject() + "\n" + d.body() + "\n" + d.link());
      assertThat(p.idempotencyKey()).isEqualTo("notification-" + Fixtures.outboxId(jdbc, d));
    });
    for (Notification n : List.of(a, b, c, d)) {
      assertThat(Fixtures.delivery(jdbc, n, "webhook")).isEqualTo("sent/1");
    }
  }

  @Test
  void withoutADefaultRobotAUnitWithoutItsOwnIsSkippedNotFailed() {
    Notification own = message("tprov", "【待签收】有机器人");
    Notification none = message("tcity1", "【待签收】无机器人");

    sendAndDispatch(channel(null), own, none);

    assertThat(Fixtures.delivery(jdbc, own, "webhook")).isEqualTo("sent/1");
    assertThat(Fixtures.delivery(jdbc, none, "webhook")).isEqualTo("skipped/1");
    assertThat(outbox.find(Fixtures.outboxId(jdbc, none)).orElseThrow().deliveries()).singleElement().satisfies(d -> {
      assertThat(d.statusLabel()).isEqualTo("无接收方，未发送");
      assertThat(d.lastError()).isEqualTo(WebhookChannel.NO_ROBOT);
    });
    assertThat(outbox.list(DeliveryStatus.FAILED, 50, 0)).isEmpty();
    assertThat(robots.posts()).hasSize(1);
  }

  @Test
  void oneUnitsRobotDownHoldsUpNoOtherAndAFailedPostsMessagesAreAllRetried() {
    robots.down("prov" + run, true);
    Notification own = message("tprov", "【催办】请签收：甲");
    Notification own2 = message("tprovleaders", "【督办】丙单位逾期未报告");
    Notification other = message("tcity1", "【催办】请签收：乙");

    sendAndDispatch(channel(defaultRobot()), own, own2, other);

    // the merged post failed: both its messages wait for a retry
    assertThat(Fixtures.delivery(jdbc, own, "webhook")).isEqualTo("pending/1");
    assertThat(Fixtures.delivery(jdbc, own2, "webhook")).isEqualTo("pending/1");
    assertThat(outbox.find(Fixtures.outboxId(jdbc, own)).orElseThrow().deliveries().get(0).lastError())
        .startsWith("单位 tprov 的群机器人：").contains("503").doesNotContain("prov" + run);
    assertThat(Fixtures.delivery(jdbc, other, "webhook")).isEqualTo("sent/1");

    robots.down("prov" + run, false);
    clock.advance(Duration.ofSeconds(31));
    new NotificationDispatcher(outbox, List.of(channel(defaultRobot())), Fixtures.settings(50, 5),
        Fixtures.NO_SECRETS, clock).poll();

    assertThat(Fixtures.delivery(jdbc, own, "webhook")).isEqualTo("sent/2");
    assertThat(Fixtures.delivery(jdbc, own2, "webhook")).isEqualTo("sent/2");
    assertThat(robots.posts().stream().filter(p -> p.key().equals("prov" + run)).map(FakeRobot.Post::idempotencyKey)
        .distinct()).as("two attempts, one key").hasSize(1);
    assertThat(robots.posts().stream().filter(p -> p.key().equals("prov" + run))).hasSize(2);
    assertThat(robots.accepted("prov" + run)).singleElement()
        .satisfies(p -> assertThat(p.content()).contains("请签收：甲").contains("丙单位逾期未报告"));
    assertThat(robots.accepted("default" + run)).hasSize(1);
  }

  @Test
  void aRobotSecretNamedByReferenceIsReadFromTheEnvironmentWhenSending() {
    unitRobot("tcity2", robots.url("city2" + run), "dingtalk", "NC_ROBOT_SECRET_TCITY2");
    Notification n = message("tcity2", "【待签收】加签");
    WebhookChannel channel = channel(null);

    sendAndDispatch(channel, n);
    // not set yet: retried, and the error names the reference, never a secret
    assertThat(Fixtures.delivery(jdbc, n, "webhook")).isEqualTo("pending/1");
    assertThat(outbox.find(Fixtures.outboxId(jdbc, n)).orElseThrow().deliveries().get(0).lastError())
        .contains("NC_ROBOT_SECRET_TCITY2");

    environment.setProperty("NC_ROBOT_SECRET_TCITY2", "SEC" + run);
    clock.advance(Duration.ofSeconds(31));
    new NotificationDispatcher(outbox, List.of(channel), Fixtures.settings(50, 5), Fixtures.NO_SECRETS, clock).poll();

    assertThat(Fixtures.delivery(jdbc, n, "webhook")).isEqualTo("sent/2");
    assertThat(robots.accepted("city2" + run)).singleElement()
        .satisfies(p -> assertThat(p.query()).contains("&timestamp=").contains("&sign="));
  }

  @Test
  void withoutAFormatTheRobotsHostTellsIt() {
    assertThat(Robot.format(null, URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")))
        .isEqualTo(WebhookChannel.Format.WECOM);
    assertThat(Robot.format("", URI.create("https://oapi.dingtalk.com/robot/send?access_token=t")))
        .isEqualTo(WebhookChannel.Format.DINGTALK);
    assertThat(Robot.format(null, URI.create("https://hooks.example.org/x"))).isEqualTo(WebhookChannel.Format.GENERIC);
    assertThat(Robot.format("wecom", URI.create("https://hooks.example.org/x"))).isEqualTo(WebhookChannel.Format.WECOM);
  }
}
