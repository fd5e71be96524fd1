package org.noticecascade.notification;

import java.time.Clock;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.noticecascade.support.TimeZoneProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
  WebhookChannel webhookChannel(NotificationProperties properties, Redactor redactor, TimeZoneProperties zone) {
    NotificationProperties.Webhook w = properties.webhook();
    return new WebhookChannel(WebhookChannel.url(w.url(), redactor), w.format(), w.secret(), w.timeout(),
        clock(zone));
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
