package org.noticecascade.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Plain-text UTF-8 e-mail to the members of a notification's recipient group (their Camunda user's e-mail address),
 * each member their own copy, all over one SMTP connection; members without an address are skipped. Each recipient
 * is tracked apart (OutboxRepository's e-mail recipients): one the server refuses (5xx), or whose address is none,
 * fails alone and is not tried again; one the server asks to try later (4xx) waits with the delivery's backoff; and
 * a retry never sends to whoever got it already. The Message-ID comes from the outbox id, so every attempt and every
 * copy of a message carries the same one.
 */
class EmailChannel implements NotificationChannel {

  static final String NAME = "email";
  private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);

  private final JavaMailSender mail;
  private final IdentityService identity;
  private final OutboxRepository outbox;
  private final String from;
  private final String domain;
  private final Clock clock;

  /** A group member's address: parsed, or null when the text is no address (then {@code key} is the text). */
  private record Recipient(String key, String userId, InternetAddress address) {

    String describe(String why) {
      return key + "（用户 " + userId + "）：" + why;
    }
  }

  /** The server's answer refusing one copy: for good (5xx) or for now (4xx). */
  private record Refusal(boolean permanent, String reply) {

    String reason() {
      return permanent ? "邮件服务器拒收（" + reply + "）" : "邮件服务器暂不接收（" + reply + "），稍后重试";
    }
  }

  EmailChannel(JavaMailSender mail, IdentityService identity, OutboxRepository outbox, String from, Clock clock) {
    this.mail = mail;
    this.identity = identity;
    this.outbox = outbox;
    this.clock = clock;
    if (from == null || from.isBlank()) {
      throw new IllegalStateException("notice-cascade.notification.email.from is required when e-mail is enabled");
    }
    try {
      String address = new InternetAddress(from, true).getAddress();
      this.from = from;
      this.domain = address.substring(address.indexOf('@') + 1);
    } catch (AddressException e) {
      throw new IllegalStateException("notice-cascade.notification.email.from is not an e-mail address: " + from, e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DeliveryResult deliver(OutboxMessage message) {
    Notification n = message.notification();
    Map<String, OutboxRepository.RecipientView> tried = outbox.emailRecipients(message.id());
    List<String> refused = new ArrayList<>();
    List<Recipient> toSend = new ArrayList<>();
    int reached = 0;
    for (Recipient r : recipients(n.recipientGroup())) {
      OutboxRepository.RecipientView before = tried.get(r.key());
      if (before != null && DeliveryStatus.SENT.key().equals(before.status())) {
        reached++;
      } else if (before != null && DeliveryStatus.FAILED.key().equals(before.status())) {
        refused.add(r.describe(before.lastError()));
      } else if (r.address() == null) {
        String why = "不是有效的电子邮件地址";
        record(message, r, DeliveryStatus.FAILED, why);
        refused.add(r.describe(why));
      } else {
        toSend.add(r);
      }
    }
    List<String> waiting = new ArrayList<>();
    for (Map.Entry<Recipient, Refusal> e : send(message, toSend).entrySet()) {
      Recipient r = e.getKey();
      Refusal refusal = e.getValue();
      if (refusal == null) {
        reached++;
      } else {
        (refusal.permanent() ? refused : waiting).add(r.describe(refusal.reason()));
      }
    }
    String others = reached == 0 ? "" : "；其余 " + reached + " 位收件人已收到";
    if (!waiting.isEmpty()) {
      return DeliveryResult.retry("暂未送达：" + String.join("；", waiting)
          + (refused.isEmpty() ? "" : "；不再重试：" + String.join("；", refused)) + others);
    }
    if (!refused.isEmpty()) {
      return DeliveryResult.refused("未送达，不再重试：" + String.join("；", refused) + others);
    }
    if (reached == 0) {
      LOG.debug("通知 {}：接收组 {} 中没有可用的电子邮件地址，不发邮件", message.id(), n.recipientGroup());
    }
    return DeliveryResult.SENT;
  }

  /**
   * Sends each recipient its copy over one connection and records how each went; null for the ones that got it.
   * Throws when the server could not be reached, or refused us rather than a recipient (our sender address, our
   * login): then the channel waits, after recording who got their copy, so that they do not get it twice.
   */
  private Map<Recipient, Refusal> send(OutboxMessage message, List<Recipient> recipients) {
    Map<Recipient, Refusal> outcomes = new LinkedHashMap<>();
    if (recipients.isEmpty()) {
      return outcomes;
    }
    MimeMessage[] copies = recipients.stream().map(r -> copy(message, r.address())).toArray(MimeMessage[]::new);
    MailSendException failure = null;
    try {
      mail.send(copies);
    } catch (MailSendException e) {
      if (e.getFailedMessages().isEmpty()) {
        throw e; // which copies went is unknown: the channel waits, and all are tried again
      }
      failure = e;
    }
    boolean unreachable = false;
    for (int i = 0; i < copies.length; i++) {
      Recipient r = recipients.get(i);
      Exception error = failure == null ? null : failure.getFailedMessages().get(copies[i]);
      Refusal refusal = error == null ? null : refusal(error);
      if (error == null) {
        record(message, r, DeliveryStatus.SENT, null);
      } else if (refusal == null) {
        unreachable = true;
      } else {
        record(message, r, refusal.permanent() ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, refusal.reason());
      }
      outcomes.put(r, refusal);
    }
    if (unreachable) {
      throw failure;
    }
    return outcomes;
  }

  /**
   * The server's refusal of one recipient's copy, from its reply code: to the recipient (RCPT) or to the message
   * (DATA). Null when the failure is not about this copy: no connection, or our sender address refused (MAIL FROM).
   */
  private static Refusal refusal(Exception e) {
    if (!(e instanceof SendFailedException) || e instanceof SMTPSenderFailedException) {
      return null;
    }
    for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
      int code = x instanceof SMTPAddressFailedException a ? a.getReturnCode()
          : x instanceof SMTPSendFailedException s ? s.getReturnCode() : -1;
      if (code >= 400 && code < 600) {
        // 552 (mailbox full) is to be taken as 452 in reply to RCPT (RFC 5321, 4.5.3.1.10)
        return new Refusal(code >= 500 && code != 552,
            x.getMessage() == null ? String.valueOf(code) : x.getMessage().strip());
      }
    }
    SendFailedException sent = (SendFailedException) e;
    // refused before the server was asked (Jakarta Mail's own check of the address)
    if (sent.getInvalidAddresses() != null && sent.getInvalidAddresses().length > 0) {
      return new Refusal(true, String.valueOf(e.getMessage()).strip());
    }
    return null;
  }

  private void record(OutboxMessage message, Recipient r, DeliveryStatus status, String error) {
    outbox.recordEmailRecipient(message.id(), r.key(), r.userId(), status, error, LocalDateTime.now(clock));
  }

  private MimeMessage copy(OutboxMessage message, InternetAddress to) {
    Notification n = message.notification();
    MimeMessage mime = mail.createMimeMessage();
    try {
      MimeMessageHelper m = new MimeMessageHelper(mime, "UTF-8");
      m.setFrom(from);
      m.setTo(to);
      m.setSubject(n.subject());
      m.setText(text(n));
      // JavaMailSenderImpl keeps a Message-ID that is set before sending
      mime.setHeader("Message-ID", "<" + message.idempotencyKey() + "@" + domain + ">");
    } catch (MessagingException e) {
      throw new MailPreparationException(e);
    }
    return mime;
  }

  private static String text(Notification n) {
    StringBuilder s = new StringBuilder(n.subject()).append("\n\n");
    if (n.body() != null && !n.body().isBlank()) {
      s.append(n.body()).append("\n\n");
    }
    if (n.link() != null) {
      s.append("办理入口：").append(n.link()).append("\n\n");
    }
    return s.append("（本邮件由通知逐级传达系统自动发送，请勿直接回复。）\n").toString();
  }

  /** The group's members with an address, each address once; a text that is no address is kept, to be failed. */
  private List<Recipient> recipients(String group) {
    Map<String, Recipient> recipients = new LinkedHashMap<>();
    for (User user : identity.createUserQuery().memberOfGroup(group).orderByUserId().asc().list()) {
      String email = user.getEmail();
      if (email == null || email.isBlank()) {
        LOG.debug("用户 {}（接收组 {}）没有电子邮件地址，跳过", user.getId(), group);
        continue;
      }
      InternetAddress address;
      try {
        address = new InternetAddress(email.trim(), true);
      } catch (AddressException e) {
        address = null;
      }
      String key = address == null ? OutboxRepository.cut(email.trim(), OutboxRepository.ADDRESS_MAX)
          : address.getAddress().toLowerCase(Locale.ROOT);
      recipients.putIfAbsent(key, new Recipient(key, user.getId(), address));
    }
    return List.copyOf(recipients.values());
  }
}
