package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.noticecascade.orgdirectory.UnitChannel;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A province's morning on a real PostgreSQL: hundreds of reminders due at once for dozens of robots that each take
 * 20 posts a minute (a local fake of WeChat Work's robot answering errcode 45009 beyond that). Two dispatchers (two
 * nodes) send at once, merging each robot's messages and sharing its count through the database: every message
 * arrives exactly once, within minutes, no robot gets more than 20 posts in any minute, and none is refused for
 * its rate. The clock is the test's, moved 5 seconds per round (the dispatcher's interval).
 */
class RobotRatePostgresTest {

  private static final Pattern NUMBER = Pattern.compile("〔2026〕(\\d+)号");
  private static Fixtures.Postgres postgres;
  private static NamedParameterJdbcTemplate jdbc;
  private static TransactionTemplate tx;

  private final MutableClock clock = new MutableClock();
  private final Map<String, UnitChannel> unitRobots = new HashMap<>();
  private FakeRobot robots;
  private OutboxRepository outbox;

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
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    jdbc.update("delete from notification_outbox", new MapSqlParameterSource());
    robots = new FakeRobot(clock, 20);
    outbox = new OutboxRepository(jdbc, Fixtures.NO_SECRETS);
  }

  @AfterEach
  void tearDown() {
    robots.close();
  }

  /** A node's webhook channel: the units' robots as the directory gives them, the default robot, the shared count. */
  private WebhookChannel node(int batchSize) {
    return new WebhookChannel(new Robot(robots.uri("default"), WebhookChannel.Format.WECOM, null, null),
        new RobotDirectory(code -> Optional.ofNullable(unitRobots.get(code)), new MockEnvironment()),
        new RobotRateLimiter(jdbc), 20, batchSize, Duration.ofSeconds(5), clock);
  }

  private void unitRobot(String unit) {
    unitRobots.put(unit, new UnitChannel(unit, null, null, robots.url(unit), "wecom", null, null));
  }

  /** Runs rounds of both nodes at once, 5 seconds apart, until nothing waits; how long that took. */
  private Duration dispatchUntilDone(List<NotificationDispatcher> nodes) throws Exception {
    Instant start = clock.instant();
    for (int round = 0; round < 200 && waiting() > 0; round++) {
      Fixtures.pollAtOnce(nodes);
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(waiting()).isZero();
    return Duration.between(start, clock.instant());
  }

  private int waiting() {
    return jdbc.queryForObject("select count(*) from notification_delivery where status in ('pending', 'sending')",
        new MapSqlParameterSource(), Integer.class);
  }

  private List<NotificationDispatcher> twoNodes(int batchSize) {
    List<NotificationDispatcher> nodes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      WebhookChannel channel = node(batchSize);
      nodes.add(new NotificationDispatcher(outbox, List.of(channel), Fixtures.settings(50, 5), Fixtures.NO_SECRETS,
          clock));
    }
    return nodes;
  }

  private void enqueue(List<Notification> messages) {
    NotificationService service = new NotificationService(outbox, List.of(node(500)), "http://nc.test");
    tx.executeWithoutResult(s -> messages.forEach(service::send));
  }

  /** How many times each 文号 number was delivered, over every post the robots took. */
  private Map<Integer, Integer> deliveredNumbers(List<String> keys) {
    Map<Integer, Integer> seen = new HashMap<>();
    for (String key : keys) {
      for (FakeRobot.Post p : robots.accepted(key)) {
        Matcher m = NUMBER.matcher(p.content());
        while (m.find()) {
          seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
      }
    }
    return seen;
  }

  @Test
  void aProvincesMorningArrivesWithinMinutesOnceEachAndWithinEveryRobotsRate() throws Exception {
    List<Notification> messages = new ArrayList<>();
    List<String> keys = new ArrayList<>(List.of("default"));
    int number = 0;
    // 300 reminders for 30 units with their own robot (some to their leaders' group), 100 for units without
    for (int u = 1; u <= 30; u++) {
      String unit = String.format("u%02d", u);
      unitRobot(unit);
      keys.add(unit);
      for (int i = 0; i < 10; i++) {
        number++;
        String kind = i % 3 == 0 ? "【待签收】" : "【催办】请签收：";
        messages.add(new Notification("morning:" + number, i == 9 ? unit + "leaders" : unit,
            kind + "川工发〔2026〕" + number + "号 关于做好年度工会经费审查工作的通知", "请登录任务列表办理。",
            "http://nc.test/camunda/app/tasklist/default/#/?task=" + number));
      }
    }
    for (int i = 0; i < 100; i++) {
      number++;
      messages.add(new Notification("morning:" + number, String.format("d%03d", i),
          "【催办】请签收：川工发〔2026〕" + number + "号 关于做好年度工会经费审查工作的通知", "请登录任务列表办理。",
          "http://nc.test/camunda/app/tasklist/default/#/?task=" + number));
    }
    enqueue(messages);

    Duration took = dispatchUntilDone(twoNodes(100));

    assertThat(took).isLessThanOrEqualTo(Duration.ofMinutes(3));
    assertThat(robots.rateLimited()).isZero();
    for (String key : keys) {
      assertThat(robots.mostInAMinute(key)).as(key).isLessThanOrEqualTo(20);
    }
    Map<Integer, Integer> delivered = deliveredNumbers(keys);
    assertThat(delivered).hasSize(400).allSatisfy((n, times) -> assertThat(times).as("文号 %d", n).isEqualTo(1));
    // each unit's ten in one post (a 2,048-byte text holds them); the default robot's hundred merged into a few
    for (int u = 1; u <= 30; u++) {
      assertThat(robots.accepted(String.format("u%02d", u))).hasSize(1);
    }
    assertThat(robots.accepted("default")).hasSizeBetween(5, 20);
    assertThat(jdbc.queryForObject("select count(*) from notification_delivery where status = 'sent'"
        + " and attempts = 1", new MapSqlParameterSource(), Integer.class)).isEqualTo(400);
  }

  @Test
  void whatOneMinuteCannotTakeWaitsForTheNextWithoutUsingAnAttempt() throws Exception {
    // long titles: two to a post, so 90 messages need 45 posts, more than two minutes of one robot's rate
    List<Notification> messages = new ArrayList<>();
    for (int n = 1; n <= 90; n++) {
      messages.add(new Notification("long:" + n, "d" + n, "【逾期催办】川工发〔2026〕" + n + "号 "
          + "关于认真学习宣传贯彻工会十八大精神并做好基层工会组织建设年度考核".repeat(8) + "的通知", "请尽快报告。",
          "http://nc.test/t/" + n));
    }
    enqueue(messages);

    Duration took = dispatchUntilDone(twoNodes(30));

    assertThat(robots.rateLimited()).isZero();
    assertThat(robots.mostInAMinute("default")).isEqualTo(20);
    assertThat(robots.accepted("default")).hasSize(45)
        .allSatisfy(p -> assertThat(p.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(WebhookChannel.WECOM_MAX_BYTES));
    assertThat(took).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3));
    assertThat(deliveredNumbers(List.of("default"))).hasSize(90).allSatisfy((n, times) -> assertThat(times).isEqualTo(1));
    // held back by the rate is not an attempt
    assertThat(jdbc.queryForObject("select count(*) from notification_delivery where status = 'sent'"
        + " and attempts = 1", new MapSqlParameterSource(), Integer.class)).isEqualTo(90);
  }
}
