package org.noticecascade.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.noticecascade.orgdirectory.Contacts;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * 企业微信应用消息: a text message from the configured application to each active member of the recipient group
 * who has a WeChat Work user id ({@code person.wecom_user_id}), up to 1,000 per call. The access token is fetched
 * with the corp id and secret, cached, renewed five minutes before it expires, and renewed once more when WeChat
 * Work answers that it is invalid or expired (40014, 42001) before the call is repeated. Each recipient is tracked
 * apart ({@code notification_recipient}): one WeChat Work names in {@code invaliduser} is refused alone and not
 * tried again, and a retry never sends to whoever got the message. An error answer or no answer makes the channel
 * wait (retried with the backoff).
 */
class WecomAppChannel implements NotificationChannel {

  static final String NAME = "wecomapp";
  static final int MAX_USERS_PER_CALL = 1000;
  static final int MAX_BYTES = 2048;
  /** Renew this long before the token expires, so that no call goes out with a token about to lapse. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
  /** 40014 invalid access_token, 42001 access_token expired, 40001 invalid credential. */
  private static final Set<Integer> TOKEN_ERRORS = Set.of(40001, 40014, 42001);
  /** Every recipient invalid: the whole call is refused. */
  private static final int ALL_INVALID = 81013;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final String corpId;
  private final String corpSecret;
  private final int agentId;
  private final IdentityService identity;
  private final Contacts contacts;
  private final OutboxRepository outbox;
  private final Clock clock;
  private final RestClient http;
  private String token;
  private Instant tokenExpires = Instant.MIN;

  WecomAppChannel(URI baseUrl, String corpId, String corpSecret, int agentId, IdentityService identity,
      Contacts contacts, OutboxRepository outbox, Duration timeout, Clock clock) {
    this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    this.corpId = corpId;
    this.corpSecret = corpSecret;
    this.agentId = agentId;
    this.identity = identity;
    this.contacts = contacts;
    this.outbox = outbox;
    this.clock = clock;
    this.http = Members.http(timeout);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DeliveryResult deliver(OutboxMessage message) {
    // WeChat Work user ids are case-insensitive, and it answers them in lower case
    Members.Attempt attempt = new Members.Attempt(outbox, NAME, message, Members.addresses(identity, contacts,
        message.notification().recipientGroup(),
        p -> p.wecomUserId() == null ? null : p.wecomUserId().strip().toLowerCase(Locale.ROOT)), clock);
    List<String> ids = List.copyOf(attempt.toSend().keySet());
    String text = MessageText.fitBytes(MessageText.plain(message.notification()), MAX_BYTES);
    for (int from = 0; from < ids.size(); from += MAX_USERS_PER_CALL) {
      List<String> slice = ids.subList(from, Math.min(ids.size(), from + MAX_USERS_PER_CALL));
      Set<String> invalid = send(slice, text);
      for (String id : slice) {
        if (invalid.contains(id)) {
          attempt.refused(id, "企业微信不接受此成员（不存在或不在应用可见范围内）");
        } else {
          attempt.sent(id);
        }
      }
    }
    return attempt.result();
  }

  /** One call to up to 1,000 users; the ones WeChat Work refused (lower case). Throws when the call failed. */
  private Set<String> send(List<String> users, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("touser", String.join("|", users));
    body.put("msgtype", "text");
    body.put("agentid", agentId);
    body.put("text", Map.of("content", text));
    String used = token();
    JsonNode answer = post(used, body);
    if (TOKEN_ERRORS.contains(answer.path("errcode").asInt())) {
      renewAfter(used);
      answer = post(token(), body);
    }
    int errcode = answer.path("errcode").asInt(-1);
    if (errcode == ALL_INVALID) {
      return Set.copyOf(users);
    }
    if (errcode != 0) {
      throw new IllegalStateException("企业微信应用消息发送失败：errcode " + errcode + " " + answer.path("errmsg").asText());
    }
    String invalid = answer.path("invaliduser").asText("");
    return Arrays.stream(invalid.split("\\|")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }

  private JsonNode post(String accessToken, Map<String, Object> body) {
    return read(http.post().uri(URI.create(baseUrl + "/cgi-bin/message/send?access_token="
            + URLEncoder.encode(accessToken, StandardCharsets.UTF_8)))
        .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class));
  }

  /** The cached token, fetched anew when there is none or it is about to expire. */
  synchronized String token() {
    if (token != null && clock.instant().isBefore(tokenExpires.minus(RENEW_BEFORE))) {
      return token;
    }
    JsonNode answer = read(http.get().uri(URI.create(baseUrl + "/cgi-bin/gettoken?corpid="
        + URLEncoder.encode(corpId, StandardCharsets.UTF_8) + "&corpsecret="
        + URLEncoder.encode(corpSecret, StandardCharsets.UTF_8))).retrieve().body(String.class));
    if (answer.path("errcode").asInt(-1) != 0 || answer.path("access_token").asText("").isEmpty()) {
      throw new IllegalStateException("企业微信 access_token 获取失败：errcode " + answer.path("errcode").asText()
          + " " + answer.path("errmsg").asText());
    }
    token = answer.path("access_token").asText();
    tokenExpires = clock.instant().plusSeconds(answer.path("expires_in").asLong(7200));
    return token;
  }

  /** WeChat Work said the token is no good: forget it, unless another thread already renewed it. */
  private synchronized void renewAfter(String used) {
    if (used.equals(token)) {
      token = null;
    }
  }

  private static JsonNode read(String answer) {
    try {
      JsonNode node = answer == null ? null : JSON.readTree(answer);
      if (node != null && node.path("errcode").isNumber()) {
        return node;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // named below
    }
    throw new IllegalStateException("企业微信的应答没有 errcode：" + OutboxRepository.cut(answer, 200));
  }
}
