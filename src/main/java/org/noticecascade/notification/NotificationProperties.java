package org.noticecascade.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code notice-cascade.notification.*} in application.yaml (see README, "Notifications"). */
@ConfigurationProperties("notice-cascade.notification")
record NotificationProperties(@DefaultValue Log log, @DefaultValue Email email, @DefaultValue Webhook webhook,
                              @DefaultValue Dispatcher dispatcher, @DefaultValue WecomApp wecomApp,
                              @DefaultValue Sms sms) {

  record Log(@DefaultValue("true") boolean enabled) {
  }

  /** E-mail to the members of the recipient group; the SMTP server is {@code spring.mail.*}. */
  record Email(boolean enabled, String from) {
  }

  /**
   * One JSON POST per notification: {@code generic} (the whole message), {@code wecom} or {@code dingtalk}.
   *
   * @param url text, parsed by {@link WebhookChannel#url}: a binding failure would print it, key and all
   */
  record Webhook(boolean enabled, String url, @DefaultValue("generic") WebhookChannel.Format format, String secret,
                 @DefaultValue("10s") Duration timeout, @DefaultValue("20") int ratePerMinute,
                 @DefaultValue("500") int batchSize) {

    Webhook {
      require(ratePerMinute > 0, "webhook.rate-per-minute must be positive");
      require(batchSize > 0, "webhook.batch-size must be positive");
    }
  }

  /**
   * 企业微信应用消息 to persons by their WeChat Work user id.
   *
   * @param corpSecret the application's secret, or {@code corpSecretRef}: the name of a property or environment
   *     variable that holds it
   */
  record WecomApp(boolean enabled, String corpId, String corpSecret, String corpSecretRef, Integer agentId,
                  @DefaultValue("https://qyapi.weixin.qq.com") String baseUrl,
                  @DefaultValue("10s") Duration timeout) {
  }

  /**
   * SMS through an HTTP gateway, one request per mobile number.
   *
   * @param url may hold {mobile}, {subject}, {link}, {text} (URL-encoded)
   * @param headers values may be ${…} placeholders of properties or environment variables
   * @param bodyTemplate the request body with {mobile}, {subject}, {link}, {text} (JSON-escaped when the body is
   *     JSON, URL-encoded when it is a form); none for a request without a body
   * @param maxLength the text is cut to this many characters
   * @param kinds the message kinds sent by SMS, by their tag without brackets (催办, 督办 …)
   */
  record Sms(boolean enabled, String url, @DefaultValue("POST") String method, Map<String, String> headers,
             String bodyTemplate, @DefaultValue SmsSuccess success, @DefaultValue("140") int maxLength,
             @DefaultValue({"催办", "逾期", "逾期催办", "督办"}) List<String> kinds,
             @DefaultValue("10s") Duration timeout) {

    Sms {
      require(maxLength > 10, "sms.max-length must be more than 10");
    }
  }

  /**
   * Beyond HTTP 2xx, optionally: the answer's JSON at {@code jsonPointer} (e.g. {@code /code}) must be
   * {@code value}; a 2xx answer with another value is a refusal of that number.
   */
  record SmsSuccess(String jsonPointer, String value) {
  }

  /**
   * @param interval pause between rounds
   * @param batchSize deliveries claimed at a time
   * @param lease how long a claim holds; must exceed the time one batch may take to send
   * @param maxAttempts attempts per delivery before it fails for good
   */
  record Dispatcher(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval,
                    @DefaultValue("50") int batchSize, @DefaultValue("10m") Duration lease,
                    @DefaultValue("10") int maxAttempts, @DefaultValue Backoff backoff) {

    Dispatcher {
      require(!interval.isNegative() && !interval.isZero(), "dispatcher.interval must be positive");
      require(batchSize > 0, "dispatcher.batch-size must be positive");
      require(!lease.isNegative() && !lease.isZero(), "dispatcher.lease must be positive");
      require(maxAttempts > 0, "dispatcher.max-attempts must be positive");
    }
  }

  /** The wait after the n-th failed attempt: {@code initial × multiplier^(n-1)}, at most {@code max}. */
  record Backoff(@DefaultValue("30s") Duration initial, @DefaultValue("2") double multiplier,
                 @DefaultValue("1h") Duration max) {

    Backoff {
      require(!initial.isNegative(), "dispatcher.backoff.initial must not be negative");
      require(multiplier >= 1, "dispatcher.backoff.multiplier must be at least 1");
      require(max.compareTo(initial) >= 0, "dispatcher.backoff.max must not be less than initial");
    }

    Duration after(int attempt) {
      double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
      return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("notice-cascade.notification." + message);
    }
  }
}
