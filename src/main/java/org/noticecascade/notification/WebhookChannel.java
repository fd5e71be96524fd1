package org.noticecascade.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * One JSON POST per notification (not per person) to an HTTP receiver: any service ({@code generic}: the whole
 * message), or a WeChat Work (企业微信) or DingTalk (钉钉) group robot (their text message). Every attempt carries
 * the header {@code Idempotency-Key}. A non-2xx answer, or a robot's non-zero {@code errcode} (which those robots
 * answer with HTTP 200, e.g. when rate-limited), is a failure to retry. Errors name the request's URL, and the
 * robots' URLs carry their key: the dispatcher stores and logs them through {@link Redactor}.
 */
class WebhookChannel implements NotificationChannel {

  /** WeChat Work refuses a text longer than 2,048 bytes. */
  static final int WECOM_MAX_BYTES = 2048;
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Format { GENERIC, WECOM, DINGTALK }

  private final URI url;
  private final Format format;
  private final String secret;
  private final Clock clock;
  private final RestClient http;

  WebhookChannel(URI url, Format format, String secret, Duration timeout, Clock clock) {
    if (url == null) {
      throw new IllegalStateException("notice-cascade.notification.webhook.url is required when the webhook is enabled");
    }
    this.url = url;
    this.format = format == null ? Format.GENERIC : format;
    this.secret = secret == null || secret.isBlank() ? null : secret;
    this.clock = clock;
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
        HttpClient.newBuilder().connectTimeout(timeout).build());
    requests.setReadTimeout(timeout);
    this.http = RestClient.builder().requestFactory(requests).build();
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public DeliveryResult deliver(OutboxMessage message) {
    String answer = http.post()
        .uri(format == Format.DINGTALK && secret != null ? signed() : url)
        .contentType(MediaType.APPLICATION_JSON)
        .header("Idempotency-Key", message.idempotencyKey())
        .body(body(message))
        .retrieve()
        .body(String.class);
    if (format != Format.GENERIC) {
      checkRobotAnswer(answer);
    }
    return DeliveryResult.SENT;
  }

  /**
   * The configured URL. One that does not parse is named with its credentials hidden: a start-up failure is logged
   * whole, cause and all. Null when none is configured.
   */
  static URI url(String url, Redactor redactor) {
    if (url == null || url.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("notice-cascade.notification.webhook.url is not a URL (" + e.getReason() + "): "
          + redactor.redact(url));
    }
    // the HTTP client's own refusal of such a URL would quote it whole, on every attempt
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalStateException("notice-cascade.notification.webhook.url is not an http(s) URL: "
          + redactor.redact(url));
    }
    return uri;
  }

  private Map<String, Object> body(OutboxMessage message) {
    Notification n = message.notification();
    Map<String, Object> body = new LinkedHashMap<>();
    if (format == Format.GENERIC) {
      body.put("id", message.id());
      body.put("key", n.key());
      body.put("recipientGroup", n.recipientGroup());
      body.put("subject", n.subject());
      body.put("body", n.body());
      body.put("link", n.link());
      body.put("createdAt", message.createdAt() == null ? null : message.createdAt().toString());
      return body;
    }
    StringBuilder content = new StringBuilder(n.subject());
    if (n.body() != null && !n.body().isBlank()) {
      content.append('\n').append(n.body());
    }
    if (n.link() != null) {
      content.append('\n').append(n.link());
    }
    String text = format == Format.WECOM ? fitBytes(content.toString(), WECOM_MAX_BYTES) : content.toString();
    body.put("msgtype", "text");
    body.put("text", Map.of("content", text));
    return body;
  }

  /** The robots answer {"errcode":0,"errmsg":"ok"} on success. */
  private static void checkRobotAnswer(String answer) {
    JsonNode node;
    try {
      node = answer == null ? null : JSON.readTree(answer);
    } catch (JsonProcessingException e) {
      node = null;
    }
    if (node == null || !node.path("errcode").isNumber()) {
      throw new IllegalStateException("the robot answered without an errcode: " + OutboxRepository.cut(answer, 200));
    }
    if (node.path("errcode").asInt() != 0) {
      throw new IllegalStateException("the robot refused the message: errcode " + node.path("errcode").asInt() + " "
          + node.path("errmsg").asText());
    }
  }

  /** DingTalk's 加签: HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, Base64, then URL-encoded. */
  private URI signed() {
    long timestamp = clock.millis();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String sign = Base64.getEncoder().encodeToString(
          mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
      String base = url.toString();
      return URI.create(base + (base.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
          + URLEncoder.encode(sign, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the DingTalk request", e);
    }
  }

  /** Cuts the text to at most {@code max} UTF-8 bytes, on a character boundary, marking the cut with "…". */
  static String fitBytes(String text, int max) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= max) {
      return text;
    }
    int budget = max - "…".getBytes(StandardCharsets.UTF_8).length;
    StringBuilder s = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + bytes > budget) {
        break;
      }
      s.appendCodePoint(cp);
      used += bytes;
      i += Character.charCount(cp);
    }
    return s.append('…').toString();
  }
}
