package org.noticecascade.notification;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Hides secrets in text that is stored, logged or shown by the outbox: the value of every URL query parameter named
 * like a credential ({@code key}, {@code access_token}, {@code secret}, {@code sign}, {@code token}, …, any case), a
 * password in a URL's user info, and the configured secrets themselves wherever they appear (the webhook's secret
 * and its URL's credentials, the SMTP password). Error texts quote URLs: Spring's HTTP errors name the request's
 * whole address, and a robot's address carries its key.
 */
@Component
class Redactor {

  static final String MASK = "***";

  /** A query parameter whose name ends like a credential's; its value runs to the next separator. */
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "([?&;][\\w.-]*?(?:key|token|secret|sign|signature|password|passwd|pwd|auth)=)[^&#\\s\"'<>]+",
      Pattern.CASE_INSENSITIVE);
  /** scheme://user:password@host */
  private static final Pattern USER_INFO = Pattern.compile("(\\b[a-z][a-z0-9+.-]*://[^\\s/?#@:]*:)[^\\s/?#@]+@",
      Pattern.CASE_INSENSITIVE);

  /** An HTTP header that carries a credential (Authorization, X-Api-Key, X-Token …). */
  private static final Pattern CREDENTIAL_HEADER = Pattern.compile("auth|key|token|secret|sign|password",
      Pattern.CASE_INSENSITIVE);

  /** Longest first, so a secret that contains another is hidden whole. */
  private final List<String> secrets;

  Redactor(String webhookUrl, String webhookSecret, String mailPassword) {
    this(configured(webhookUrl, webhookSecret, mailPassword));
  }

  /** Also the WeChat Work application's secret and the SMS gateway's header values (its credentials). */
  @Autowired
  Redactor(Environment env) {
    this(withChannelSecrets(env, configured(env.getProperty("notice-cascade.notification.webhook.url", ""),
        env.getProperty("notice-cascade.notification.webhook.secret", ""),
        env.getProperty("spring.mail.password", ""))));
  }

  private static List<String> withChannelSecrets(Environment env, List<String> secrets) {
    List<String> all = new ArrayList<>(secrets);
    all.add(env.getProperty("notice-cascade.notification.wecom-app.corp-secret"));
    String ref = env.getProperty("notice-cascade.notification.wecom-app.corp-secret-ref");
    if (ref != null && !ref.isBlank()) {
      all.add(env.getProperty(ref.strip()));
    }
    Binder.get(env).bind("notice-cascade.notification.sms.headers", Bindable.mapOf(String.class, String.class))
        .ifBound(headers -> headers.forEach((name, value) -> {
          if (CREDENTIAL_HEADER.matcher(name).find()) {
            all.add(value);
            // "Bearer xyz": the credential alone may show too
            all.add(value.contains(" ") ? value.substring(value.lastIndexOf(' ') + 1) : null);
          }
        }));
    return all;
  }

  Redactor(Collection<String> secrets) {
    Set<String> known = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s != null && !s.isBlank()) {
        known.add(s);
        known.add(decoded(s));
      }
    }
    List<String> sorted = new ArrayList<>(known);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = text;
    for (String secret : secrets) {
      s = s.replace(secret, MASK);
    }
    s = SECRET_PARAMETER.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    return USER_INFO.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
  }

  /** The configured secrets, and the credentials in the webhook's URL (raw as configured). */
  private static List<String> configured(String webhookUrl, String webhookSecret, String mailPassword) {
    List<String> secrets = new ArrayList<>(Arrays.asList(webhookSecret, mailPassword));
    if (webhookUrl != null && !webhookUrl.isBlank()) {
      Matcher m = SECRET_PARAMETER.matcher(webhookUrl);
      while (m.find()) {
        secrets.add(webhookUrl.substring(m.end(1), m.end()));
      }
      Matcher u = USER_INFO.matcher(webhookUrl);
      if (u.find()) {
        secrets.add(webhookUrl.substring(u.end(1), u.end() - 1));
      }
    }
    return secrets;
  }

  /** A secret taken from a URL may show decoded in a message (%2B as +); one that does not decode stays as it is. */
  private static String decoded(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
