package org.noticecascade.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.noticecascade.orgdirectory.Contacts;
import org.noticecascade.orgdirectory.PersonContact;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

/**
 * SMS through a configurable HTTP gateway: one request per mobile number of the recipient group's active members
 * ({@code person.mobile}), with a short text (subject and link, cut to {@code max-length}), and only for the
 * message kinds configured ({@code kinds}: by default 催办, 逾期, 逾期催办 and 督办), since each message costs. The
 * URL and the body template name the fields {mobile}, {subject}, {link}, {text}. Each number is tracked apart
 * ({@code notification_recipient}): a 4xx answer (or a 2xx one that fails the success check) refuses that number
 * for good; a 5xx answer or no answer makes the channel wait (retried with the backoff), and a retry never sends to
 * a number that got the message.
 */
class SmsChannel implements NotificationChannel {

  static final String NAME = "sms";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIELD = Pattern.compile("\\{(mobile|subject|link|text)}");

  /** How a field is written into the body: as JSON string content, form-encoded, or as it is. */
  private enum Escape { JSON_TEXT, FORM, NONE }

  /** A gateway's answer that is neither a success nor a refusal of the number: the channel waits. */
  private static final class GatewayDown extends RuntimeException {
    GatewayDown(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final NotificationProperties.Sms settings;
  private final IdentityService identity;
  private final Contacts contacts;
  private final OutboxRepository outbox;
  private final Clock clock;
  private final HttpMethod method;
  private final Map<String, String> headers;
  private final Escape bodyEscape;
  private final Set<String> kinds;
  private final RestClient http;

  SmsChannel(NotificationProperties.Sms settings, IdentityService identity, Contacts contacts,
      OutboxRepository outbox, Clock clock) {
    if (settings.url() == null || settings.url().isBlank()) {
      throw new IllegalStateException("notice-cascade.notification.sms.url is required when SMS is enabled");
    }
    this.settings = settings;
    this.identity = identity;
    this.contacts = contacts;
    this.outbox = outbox;
    this.clock = clock;
    this.method = HttpMethod.valueOf(settings.method().strip().toUpperCase(Locale.ROOT));
    this.headers = settings.headers() == null ? Map.of() : Map.copyOf(settings.headers());
    String contentType = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
        .map(Map.Entry::getValue).findFirst().orElse("").toLowerCase(Locale.ROOT);
    String template = settings.bodyTemplate() == null ? "" : settings.bodyTemplate().strip();
    this.bodyEscape = contentType.contains("json") || template.startsWith("{") || template.startsWith("[")
        ? Escape.JSON_TEXT : contentType.contains("x-www-form-urlencoded") ? Escape.FORM : Escape.NONE;
    this.kinds = Set.copyOf(settings.kinds());
    this.http = Members.http(settings.timeout());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Only the configured kinds go by SMS: 【催办】… is kind 催办. */
  @Override
  public boolean accepts(Notification notification) {
    String kind = MessageText.kind(notification.subject());
    return !kind.isEmpty() && kinds.contains(kind.substring(1, kind.length() - 1));
  }

  @Override
  public DeliveryResult deliver(OutboxMessage message) {
    Members.Attempt attempt = new Members.Attempt(outbox, NAME, message, Members.addresses(identity, contacts,
        message.notification().recipientGroup(), PersonContact::mobile), clock);
    for (String mobile : List.copyOf(attempt.toSend().keySet())) {
      String refusal = send(message, mobile);
      if (refusal == null) {
        attempt.sent(mobile);
      } else {
        attempt.refused(mobile, refusal);
      }
    }
    return attempt.result();
  }

  /** One request; null when the gateway took it, the reason when it refused the number. Throws when it is down. */
  private String send(OutboxMessage message, String mobile) {
    Notification n = message.notification();
    String text = text(n);
    Map<String, String> fields = Map.of("mobile", mobile, "subject", n.subject(),
        "link", n.link() == null ? "" : n.link(), "text", text);
    URI uri = URI.create(fill(settings.url().strip(), fields, v -> URLEncoder.encode(v, StandardCharsets.UTF_8)));
    RestClient.RequestBodySpec request = http.method(method).uri(uri)
        .header("Idempotency-Key", message.idempotencyKey() + "-" + mobile);
    headers.forEach(request::header);
    if (settings.bodyTemplate() != null && !settings.bodyTemplate().isBlank()) {
      request.body(fill(settings.bodyTemplate(), fields, this::escapeForBody));
    }
    try {
      return request.exchange((req, res) -> {
        int status = res.getStatusCode().value();
        String answer = new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8);
        if (status >= 500 || status < 200 || status >= 300 && status < 400) {
          throw new GatewayDown("短信网关暂不可用：HTTP " + status + " " + OutboxRepository.cut(answer, 200), null);
        }
        if (status >= 400) {
          return "短信网关拒收：HTTP " + status + " " + OutboxRepository.cut(answer, 200);
        }
        return successCheck(answer);
      });
    } catch (GatewayDown e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GatewayDown("短信网关无应答：" + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** With a success check configured, a 2xx answer must carry the value at the pointer. */
  private String successCheck(String answer) throws IOException {
    NotificationProperties.SmsSuccess check = settings.success();
    if (check == null || check.jsonPointer() == null || check.jsonPointer().isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(answer).at(check.jsonPointer().strip());
    } catch (JsonProcessingException e) {
      return "短信网关的应答不是 JSON：" + OutboxRepository.cut(answer, 200);
    }
    String value = node.isMissingNode() || node.isNull() ? null : node.asText();
    return String.valueOf(check.value()).equals(value) ? null
        : "短信网关未接受（" + check.jsonPointer() + " = " + value + "）：" + OutboxRepository.cut(answer, 200);
  }

  /** Subject and link, cut to the configured length: an SMS costs by its length. */
  String text(Notification n) {
    String link = n.link() == null ? "" : " " + n.link();
    int room = settings.maxLength() - link.codePointCount(0, link.length());
    if (room < 10) {
      return MessageText.fitChars(n.subject(), settings.maxLength());
    }
    return MessageText.fitChars(n.subject(), room) + link;
  }

  private String escapeForBody(String value) {
    return switch (bodyEscape) {
      case JSON_TEXT -> {
        try {
          String quoted = JSON.writeValueAsString(value);
          yield quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      case FORM -> URLEncoder.encode(value, StandardCharsets.UTF_8);
      case NONE -> value;
    };
  }

  /** Replaces {mobile}, {subject}, {link} and {text} in one pass (a subject may hold braces); JSON's braces stay. */
  private static String fill(String template, Map<String, String> fields, UnaryOperator<String> escape) {
    return FIELD.matcher(template).replaceAll(m -> Matcher.quoteReplacement(escape.apply(fields.get(m.group(1)))));
  }
}
