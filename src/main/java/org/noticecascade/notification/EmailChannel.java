package org.noticecascade.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * One plain-text UTF-8 e-mail per notification to the members of its recipient group (their Camunda user's e-mail
 * address); members without one are skipped. The Message-ID comes from the outbox id, so every attempt of a
 * message carries the same one.
 */
class EmailChannel implements NotificationChannel {

  private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);

  private final JavaMailSender mail;
  private final IdentityService identity;
  private final String from;
  private final String domain;

  EmailChannel(JavaMailSender mail, IdentityService identity, String from) {
    this.mail = mail;
    this.identity = identity;
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
    return "email";
  }

  @Override
  public void deliver(OutboxMessage message) {
    Notification n = message.notification();
    InternetAddress[] to = recipients(n.recipientGroup());
    if (to.length == 0) {
      LOG.debug("通知 {}：接收组 {} 中没有可用的电子邮件地址，不发邮件", message.id(), n.recipientGroup());
      return;
    }
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
    mail.send(mime);
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

  /** The group's members with a usable address, each address once; a malformed one is skipped with a warning. */
  private InternetAddress[] recipients(String group) {
    Map<String, InternetAddress> addresses = new LinkedHashMap<>();
    for (User user : identity.createUserQuery().memberOfGroup(group).orderByUserId().asc().list()) {
      String email = user.getEmail();
      if (email == null || email.isBlank()) {
        LOG.debug("用户 {}（接收组 {}）没有电子邮件地址，跳过", user.getId(), group);
        continue;
      }
      try {
        InternetAddress a = new InternetAddress(email.trim(), true);
        addresses.putIfAbsent(a.getAddress().toLowerCase(Locale.ROOT), a);
      } catch (AddressException e) {
        LOG.warn("用户 {}（接收组 {}）的电子邮件地址无效，跳过：{}", user.getId(), group, email);
      }
    }
    return addresses.values().toArray(new InternetAddress[0]);
  }
}
