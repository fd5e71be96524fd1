package org.noticecascade.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One refused e-mail recipient fails alone (issue 10). GreenMail receives the mail behind a front that refuses
 * chosen recipients as a real server does ({@code 550} for good, {@code 450} for now); a member's address that is no
 * address is refused before the server is asked. Several messages are queued, the one with the refused recipient
 * first: every other recipient and message is delivered in the same dispatcher round, once, and the refusal is
 * recorded with its reason where the administrators look, and not tried again.
 */
class EmailRecipientRefusalTest {

  private static final int SMTP_PORT = Fixtures.freePort();
  private static final String FROM = "通知逐级传达系统 <noreply@noticecascade.test>";

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

  private final ApplicationContext context = EngineTestContext.context();
  private final NamedParameterJdbcTemplate jdbc = context.getBean(NamedParameterJdbcTemplate.class);
  private final TransactionTemplate tx = context.getBean(TransactionTemplate.class);
  private final IdentityService identity = context.getBean(IdentityService.class);
  private final OutboxRepository outbox = context.getBean(OutboxRepository.class);
  private final MutableClock clock = new MutableClock();
  // users and groups of this test alone: the engine's context lives as long as the test JVM
  private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private final String good = "good" + run + "@example.org";
  private final String bad = "bad" + run + "@example.org";
  private final String badUser = "ntfbad" + run;
  private final String notAnAddress = "clerk" + run + "@@example.org";
  private final String other = "other" + run + "@example.org";
  /** good, bad and one whose address is none */
  private final String groupA = "ntfrefa" + run;
  /** other */
  private final String groupB = "ntfrefb" + run;
  /** good and bad */
  private final String groupC = "ntfrefc" + run;
  private RefusingSmtpFront front;
  private NotificationService notifications;
  private NotificationDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    // in the engine tests' context no channel is enabled: every delivery row is this class's
    jdbc.update("delete from notification_delivery", new MapSqlParameterSource());
    Fixtures.member(identity, groupA, "ntfgood" + run, good);
    Fixtures.member(identity, groupA, badUser, bad);
    Fixtures.member(identity, groupA, "ntfnone" + run, notAnAddress);
    Fixtures.member(identity, groupB, "ntfother" + run, other);
    Fixtures.member(identity, groupC, "ntfgood" + run, good);
    Fixtures.member(identity, groupC, badUser, bad);
    front = new RefusingSmtpFront(SMTP_PORT);
    EmailChannel email = new EmailChannel(Fixtures.mailSender(front.port()), identity, outbox, FROM, clock);
    notifications = new NotificationService(outbox, List.of(email), "http://nc.test");
    dispatcher = new NotificationDispatcher(outbox, List.of(email), Fixtures.settings(50, 10), Fixtures.NO_SECRETS,
        clock);
  }

  @AfterEach
  void tearDown() {
    front.close();
  }

  private Notification notification(String name, String group) {
    return new Notification("refusal:" + run + ":" + name, group, "【待签收】" + name, "来自四川省总工会。", null);
  }

  private void send(Notification... messages) {
    tx.executeWithoutResult(s -> Arrays.stream(messages).forEach(notifications::send));
  }

  private String delivery(Notification n) {
    return Fixtures.delivery(jdbc, n, "email");
  }

  /** What GreenMail received: "recipient subject", one per copy. */
  private static List<String> received() throws Exception {
    List<String> received = new ArrayList<>();
    for (MimeMessage m : MAIL.getReceivedMessages()) {
      for (var to : m.getRecipients(Message.RecipientType.TO)) {
        received.add(to + " " + m.getSubject());
      }
    }
    return received;
  }

  private static String got(String address, Notification n) {
    return address + " " + n.subject();
  }

  /** The e-mail delivery of a message as the administrators' API shows it. */
  private OutboxRepository.DeliveryView shown(Notification n) {
    return outbox.find(Fixtures.outboxId(jdbc, n)).orElseThrow().deliveries().stream()
        .filter(d -> d.channel().equals("email")).findFirst().orElseThrow();
  }

  private static OutboxRepository.RecipientView recipient(OutboxRepository.DeliveryView d, String address) {
    return d.recipients().stream().filter(r -> r.address().equals(address)).findFirst().orElseThrow();
  }

  @Test
  void aRefusedRecipientFailsAloneAndEveryOtherRecipientAndMessageGoesInTheSameRound() throws Exception {
    String refusal = "550 5.1.1 <" + bad + ">: Recipient address rejected: User unknown";
    front.refuse(bad, refusal);
    Notification first = notification("一", groupA);
    Notification second = notification("二", groupB);
    Notification third = notification("三", groupB);
    Notification fourth = notification("四", groupA);
    send(first, second, third, fourth);

    assertThat(dispatcher.poll()).isEqualTo(4);

    assertThat(received()).containsExactlyInAnyOrder(got(good, first), got(other, second), got(other, third),
        got(good, fourth));
    assertThat(delivery(second)).isEqualTo("sent/1");
    assertThat(delivery(third)).isEqualTo("sent/1");
    assertThat(delivery(first)).isEqualTo("failed/1");
    assertThat(delivery(fourth)).isEqualTo("failed/1");

    // GET /api/notifications?status=failed lists both, each recipient with how it went
    assertThat(outbox.list(DeliveryStatus.FAILED, 50, 0)).extracting(OutboxRepository.MessageView::key)
        .containsExactly(fourth.key(), first.key());
    OutboxRepository.DeliveryView shown = shown(first);
    assertThat(shown.statusLabel()).isEqualTo("发送失败");
    assertThat(shown.lastError()).isEqualTo("未送达，不再重试：" + notAnAddress + "（用户 ntfnone" + run
        + "）：不是有效的电子邮件地址；" + bad + "（用户 " + badUser + "）：邮件服务器拒收（" + refusal
        + "）；其余 1 位收件人已收到");
    assertThat(shown.recipients()).extracting(OutboxRepository.RecipientView::address,
            OutboxRepository.RecipientView::userId, OutboxRepository.RecipientView::status)
        .containsExactlyInAnyOrder(tuple(good, "ntfgood" + run, "sent"), tuple(bad, badUser, "failed"),
            tuple(notAnAddress, "ntfnone" + run, "failed"));
    assertThat(recipient(shown, bad).lastError()).isEqualTo("邮件服务器拒收（" + refusal + "）");
    assertThat(recipient(shown, bad).statusLabel()).isEqualTo("发送失败");
    assertThat(recipient(shown, notAnAddress).lastError()).isEqualTo("不是有效的电子邮件地址");

    // not tried again: the server heard of the refused address once per message, and of the other one never
    clock.advance(Duration.ofDays(1));
    assertThat(dispatcher.poll()).isZero();
    assertThat(front.asked(bad)).isEqualTo(2);
    assertThat(front.asked(notAnAddress)).isZero();
    assertThat(received()).hasSize(4);
  }

  @Test
  void aRecipientRefusedForNowIsTriedAgainAloneAfterTheBackoffAndNobodyGetsItTwice() throws Exception {
    String busy = "450 4.2.1 <" + bad + ">: Mailbox busy, try again later";
    front.refuse(bad, busy);
    Notification n = notification("暂缓", groupC);
    Notification next = notification("同一轮", groupB);
    send(n, next);

    assertThat(dispatcher.poll()).isEqualTo(2);

    assertThat(received()).containsExactlyInAnyOrder(got(good, n), got(other, next));
    assertThat(delivery(next)).isEqualTo("sent/1");
    assertThat(delivery(n)).isEqualTo("pending/1");
    assertThat(Fixtures.nextAttempt(jdbc, n, "email")).isEqualTo(LocalDateTime.now(clock).plusSeconds(30));
    OutboxRepository.DeliveryView shown = shown(n);
    assertThat(shown.lastError()).isEqualTo("暂未送达：" + bad + "（用户 " + badUser + "）：邮件服务器暂不接收（" + busy
        + "），稍后重试；其余 1 位收件人已收到");
    assertThat(recipient(shown, bad).status()).isEqualTo("pending");
    assertThat(dispatcher.poll()).as("nothing is due before the backoff").isZero();

    front.accept(bad);
    clock.advance(Duration.ofSeconds(31));
    assertThat(dispatcher.poll()).isEqualTo(1);

    assertThat(received()).containsExactlyInAnyOrder(got(good, n), got(other, next), got(bad, n));
    assertThat(front.asked(good)).as("who had it was not sent it again").isEqualTo(1);
    assertThat(delivery(n)).isEqualTo("sent/2");
    assertThat(shown(n).recipients()).extracting(OutboxRepository.RecipientView::address,
        OutboxRepository.RecipientView::status).containsExactlyInAnyOrder(tuple(good, "sent"), tuple(bad, "sent"));
  }

  @Test
  void aRequeueAfterTheAddressIsCorrectedSendsToItAndNotAgainToTheOthers() throws Exception {
    front.refuse(bad, "550 5.1.1 User unknown");
    Notification n = notification("更正", groupC);
    send(n);
    dispatcher.poll();
    assertThat(delivery(n)).isEqualTo("failed/1");

    // the clerk corrects the address, an administrator requeues the message (POST /api/notifications/{id}/retry)
    String corrected = "corrected" + run + "@example.org";
    User user = identity.createUserQuery().userId(badUser).singleResult();
    user.setEmail(corrected);
    identity.saveUser(user);
    assertThat(outbox.requeueFailed(Fixtures.outboxId(jdbc, n))).isEqualTo(1);
    dispatcher.poll();

    assertThat(received()).containsExactlyInAnyOrder(got(good, n), got(corrected, n));
    assertThat(delivery(n)).isEqualTo("sent/1");
    assertThat(shown(n).recipients()).extracting(OutboxRepository.RecipientView::address,
        OutboxRepository.RecipientView::status).containsExactlyInAnyOrder(tuple(good, "sent"), tuple(corrected, "sent"));
  }
}
