package org.noticecascade.notification;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.noticecascade.orgdirectory.Contacts;
import org.noticecascade.support.TimeZoneProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * The channels enabled in application.yaml, and the dispatcher on Spring's scheduler. (The fast engine tests leave
 * configuration classes out: there, notifications are written to the outbox and nothing sends them.)
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "notice-cascade.notification.log", name = "enabled", havingValue = "true",
      matchIfMissing = true)
  LoggingChannel loggingChannel() {
    return new LoggingChannel();
  }

  @Bean
  @ConditionalOnProperty(prefix = "notice-cascade.notification.email", name = "enabled", havingValue = "true")
  EmailChannel emailChannel(ObjectProvider<JavaMailSender> mail, IdentityService identity, OutboxRepository outbox,
      NotificationProperties properties, TimeZoneProperties zone) {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      throw new IllegalStateException(
          "notice-cascade.notification.email.enabled is true but no SMTP server is configured (spring.mail.host)");
    }
    return new EmailChannel(sender, identity, outbox, properties.email().from(), clock(zone));
  }

  @Bean
  @ConditionalOnProperty(prefix = "notice-cascade.notification.webhook", name = "enabled", havingValue = "true")
  WebhookChannel webhookChannel(NotificationProperties properties, Redactor redactor, TimeZoneProperties zone,
      Contacts contacts, Environment environment, NamedParameterJdbcTemplate jdbc) {
    NotificationProperties.Webhook w = properties.webhook();
    URI url = WebhookChannel.url(w.url(), redactor);
    // no default robot: the units' own robots only, and a unit without one gets no robot message
    Robot defaultRobot = url == null ? null : new Robot(url, w.format(),
        w.secret() == null || w.secret().isBlank() ? null : w.secret(), null);
    return new WebhookChannel(defaultRobot, new RobotDirectory(contacts::unitChannel, environment), new RobotRateLimiter(jdbc),
        w.ratePerMinute(), w.batchSize(), w.timeout(), clock(zone));
  }

  @Bean
  @ConditionalOnProperty(prefix = "notice-cascade.notification.wecom-app", name = "enabled", havingValue = "true")
  WecomAppChannel wecomAppChannel(NotificationProperties properties, IdentityService identity, Contacts contacts,
      OutboxRepository outbox, Environment environment, TimeZoneProperties zone) {
    NotificationProperties.WecomApp w = properties.wecomApp();
    String secret = w.corpSecret();
    if (w.corpSecretRef() != null && !w.corpSecretRef().isBlank()) {
      secret = environment.getProperty(w.corpSecretRef().strip());
    }
    if (w.corpId() == null || w.corpId().isBlank() || secret == null || secret.isBlank() || w.agentId() == null) {
      throw new IllegalStateException("notice-cascade.notification.wecom-app needs corp-id, corp-secret (or"
          + " corp-secret-ref naming a property or environment variable that is set) and agent-id when enabled");
    }
    return new WecomAppChannel(URI.create(w.baseUrl()), w.corpId().strip(), secret.strip(), w.agentId(), identity,
        contacts, outbox, w.timeout(), clock(zone));
  }

  @Bean
  @ConditionalOnProperty(prefix = "notice-cascade.notification.sms", name = "enabled", havingValue = "true")
  SmsChannel smsChannel(NotificationProperties properties, IdentityService identity, Contacts contacts,
      OutboxRepository outbox, TimeZoneProperties zone) {
    return new SmsChannel(properties.sms(), identity, contacts, outbox, clock(zone));
  }

  @Bean
  NotificationDispatcher notificationDispatcher(OutboxRepository outbox, List<NotificationChannel> channels,
      NotificationProperties properties, Redactor redactor, TimeZoneProperties zone) {
    return new NotificationDispatcher(outbox, channels, properties.dispatcher(), redactor, clock(zone));
  }

  // the outbox's times are shown to users (sent at, next attempt) and stored beside EngineClock's: the same zone
  private static Clock clock(TimeZoneProperties zone) {
    return Clock.system(zone.timeZone());
  }

  /** Rounds at a fixed delay, the first one interval after start-up (the engine and the data are ready then). */
  @Bean
  SchedulingConfigurer notificationSchedule(NotificationDispatcher dispatcher, NotificationProperties properties) {
    return registrar -> {
      NotificationProperties.Dispatcher d = properties.dispatcher();
      if (d.enabled()) {
        registrar.addFixedDelayTask(new FixedDelayTask(dispatcher::poll, d.interval(), d.interval()));
      }
    };
  }
}
