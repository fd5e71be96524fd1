package org.noticecascade.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Messages to group robots: each message to the robot of its recipient group's unit ({@code unit_channel}), or,
 * when the unit has none, to the system default ({@code webhook.url}); with neither, it is skipped (not failed).
 * A WeChat Work (企业微信) or DingTalk (钉钉) robot gets text messages, and the messages due for one robot together
 * are merged into as few posts as its size limit allows (grouped by kind: "【待签收】共 3 条：…"); it takes at most
 * {@code rate-per-minute} posts a minute, counted across nodes by {@link RobotRateLimiter}, and messages beyond that
 * wait for the next free slot (not an attempt, never a failure). A generic receiver gets one JSON POST per message,
 * unlimited. Every post carries the header {@code Idempotency-Key} (from the ids of the messages in it). A non-2xx
 * answer, or a robot's non-zero {@code errcode} (answered with HTTP 200), fails the post: its messages are tried
 * again with their backoff, and the robot's other messages wait with them. Errors never quote a robot's address or
 * secret (and the dispatcher hides credentials through {@link Redactor}).
 */
class WebhookChannel implements MergingChannel {

  /** WeChat Work refuses a text longer than 2,048 bytes. */
  static final int WECOM_MAX_BYTES = 2048;
  /** DingTalk's text limit is larger; merged posts stay well below it. */
  static final int DINGTALK_MAX_BYTES = 4000;
  static final String NAME = "webhook";
  static final String NO_ROBOT = "本单位未设置群机器人，也未设置默认群机器人：不发群消息";
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Format { GENERIC, WECOM, DINGTALK }

  private final Robot defaultRobot;
  private final RobotDirectory units;
  private final RobotRateLimiter limiter;
  private final int ratePerMinute;
  private final int batchSize;
  private final Clock clock;
  private final RestClient http;

  /** One robot or receiver for every message, unlimited (as before per-unit robots). */
  WebhookChannel(URI url, Format format, String secret, Duration timeout, Clock clock) {
    this(robot(url, format, secret), null, null, 0, 500, timeout, clock);
  }

  /**
   * @param defaultRobot where messages of units without a robot go, or null (then they are skipped)
   * @param units the units' own robots, or null to send everything to the default one
   * @param limiter the shared count of posts per robot, or null for no limit
   */
  WebhookChannel(Robot defaultRobot, RobotDirectory units, RobotRateLimiter limiter, int ratePerMinute,
      int batchSize, Duration timeout, Clock clock) {
    this.defaultRobot = defaultRobot;
    this.units = units;
    this.limiter = limiter;
    this.ratePerMinute = ratePerMinute;
    this.batchSize = batchSize;
    this.clock = clock;
    this.http = Members.http(timeout);
  }

  private static Robot robot(URI url, Format format, String secret) {
    if (url == null) {
      throw new IllegalStateException("notice-cascade.notification.webhook.url is required when the webhook is enabled");
    }
    return new Robot(url, format == null ? Format.GENERIC : format, secret == null || secret.isBlank() ? null : secret,
        null);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  /** Sends one message to its robot at once, outside the rate limit (the dispatcher uses {@link #deliverAll}). */
  @Override
  public DeliveryResult deliver(OutboxMessage message) {
    Robot robot = route(message.notification().recipientGroup());
    if (robot != null) {
      post(robot, List.of(message));
    }
    return DeliveryResult.SENT;
  }

  @Override
  public void deliverAll(List<OutboxMessage> messages, Outcomes outcomes) {
    Map<String, Robot> robotOfGroup = new HashMap<>();
    Map<String, Robot> robots = new LinkedHashMap<>();
    Map<String, List<OutboxMessage>> byRobot = new LinkedHashMap<>();
    List<OutboxMessage> nowhere = new ArrayList<>();
    for (OutboxMessage m : messages) {
      String group = m.notification().recipientGroup();
      Robot robot;
      try {
        robot = robotOfGroup.containsKey(group) ? robotOfGroup.get(group) : route(group);
      } catch (RobotDirectory.BadRobot e) {
        if (e.permanent) {
          outcomes.refused(List.of(m), e.getMessage());
        } else {
          outcomes.failed(List.of(m), e.getMessage());
        }
        continue;
      }
      robotOfGroup.put(group, robot);
      if (robot == null) {
        nowhere.add(m);
      } else {
        robots.putIfAbsent(robot.key(), robot);
        byRobot.computeIfAbsent(robot.key(), k -> new ArrayList<>()).add(m);
      }
    }
    if (!nowhere.isEmpty()) {
      outcomes.skipped(nowhere, NO_ROBOT);
    }
    byRobot.forEach((key, due) -> sendTo(robots.get(key), due, outcomes));
  }

  private Robot route(String group) {
    Robot own = units == null ? null : units.unitRobot(group);
    return own != null ? own : defaultRobot;
  }

  /**
   * The robot's due messages in as few posts as its limits allow, each post within its rate: what the rate does
   * not allow now waits for the robot's next free slot; after a failed post the rest wait for its retry.
   */
  private void sendTo(Robot robot, List<OutboxMessage> due, Outcomes outcomes) {
    List<List<OutboxMessage>> posts = robot.limited() ? merge(due, maxBytes(robot.format()))
        : due.stream().map(List::of).toList();
    for (int i = 0; i < posts.size(); i++) {
      List<OutboxMessage> post = posts.get(i);
      if (limiter != null && robot.limited()) {
        Optional<LocalDateTime> wait = limiter.reserve(robot.key(), ratePerMinute, LocalDateTime.now(clock));
        if (wait.isPresent()) {
          outcomes.held(rest(posts, i), wait.get());
          return;
        }
      }
      try {
        post(robot, post);
      } catch (RuntimeException e) {
        LocalDateTime retry = outcomes.failed(post, describe(robot, e));
        outcomes.held(rest(posts, i + 1), retry);
        return;
      }
      outcomes.sent(post);
    }
  }

  private static List<OutboxMessage> rest(List<List<OutboxMessage>> posts, int from) {
    return posts.subList(from, posts.size()).stream().flatMap(List::stream).toList();
  }

  private static int maxBytes(Format format) {
    return format == Format.DINGTALK ? DINGTALK_MAX_BYTES : WECOM_MAX_BYTES;
  }

  /**
   * Packs the messages, grouped by kind (in the order each kind first comes), into posts whose text fits the
   * robot's limit; a message too long for a post of its own is cut to fit.
   */
  static List<List<OutboxMessage>> merge(List<OutboxMessage> due, int maxBytes) {
    Map<String, List<OutboxMessage>> byKind = new LinkedHashMap<>();
    due.forEach(m -> byKind.computeIfAbsent(MessageText.kind(m.notification().subject()), k -> new ArrayList<>())
        .add(m));
    List<List<OutboxMessage>> posts = new ArrayList<>();
    List<OutboxMessage> current = new ArrayList<>();
    for (List<OutboxMessage> kind : byKind.values()) {
      for (OutboxMessage m : kind) {
        current.add(m);
        if (current.size() > 1 && MessageText.bytes(text(current)) > maxBytes) {
          current.remove(current.size() - 1);
          posts.add(current);
          current = new ArrayList<>(List.of(m));
        }
      }
    }
    if (!current.isEmpty()) {
      posts.add(current);
    }
    return posts;
  }

  /**
   * One message as it reads on its own (subject, body, link); several as a list by kind, each with its link:
   * "【待签收】共 3 条：\n1. 川工发〔2023〕43号 关于…\nhttp://…".
   */
  static String text(List<OutboxMessage> post) {
    if (post.size() == 1) {
      return MessageText.plain(post.get(0).notification());
    }
    Map<String, List<Notification>> byKind = new LinkedHashMap<>();
    post.forEach(m -> byKind.computeIfAbsent(MessageText.kind(m.notification().subject()), k -> new ArrayList<>())
        .add(m.notification()));
    StringBuilder s = new StringBuilder();
    byKind.forEach((kind, items) -> {
      if (!s.isEmpty()) {
        s.append('\n');
      }
      s.append(kind.isEmpty() ? "【通知】" : kind).append("共 ").append(items.size()).append(" 条：");
      for (int i = 0; i < items.size(); i++) {
        Notification n = items.get(i);
        s.append('\n').append(i + 1).append(". ").append(MessageText.withoutKind(n.subject()));
        if (n.link() != null) {
          s.append('\n').append(n.link());
        }
      }
    });
    return s.toString();
  }

  /** One message's key as before; a merged post's from the ids merged, the same on every attempt of that post. */
  static String idempotencyKey(List<OutboxMessage> post) {
    if (post.size() == 1) {
      return post.get(0).idempotencyKey();
    }
    String ids = post.stream().map(m -> String.valueOf(m.id())).sorted().reduce((a, b) -> a + "," + b).orElse("");
    try {
      return "notifications-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(ids.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void post(Robot robot, List<OutboxMessage> messages) {
    String answer = http.post()
        .uri(robot.format() == Format.DINGTALK && robot.secret() != null ? signed(robot) : robot.url())
        .contentType(MediaType.APPLICATION_JSON)
        .header("Idempotency-Key", idempotencyKey(messages))
        .body(body(robot.format(), messages))
        .retrieve()
        .body(String.class);
    if (robot.format() != Format.GENERIC) {
      checkRobotAnswer(answer);
    }
  }

  /** Which robot failed and why, with its address and secret taken out (the robot's URL carries its key). */
  private static String describe(Robot robot, RuntimeException e) {
    String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (e.getCause() != null && e.getCause() != e) {
      why += " ← " + e.getCause().getClass().getSimpleName()
          + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage());
    }
    why = why.replace(robot.url().toString(), Redactor.MASK);
    if (robot.secret() != null) {
      why = why.replace(robot.secret(), Redactor.MASK);
    }
    return (robot.unitCode() == null ? "" : robot.describe() + "：") + why;
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

  private static Map<String, Object> body(Format format, List<OutboxMessage> messages) {
    OutboxMessage message = messages.get(0);
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
    String text = MessageText.fitBytes(text(messages), maxBytes(format));
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
  private URI signed(Robot robot) {
    String secret = robot.secret();
    URI url = robot.url();
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
    return MessageText.fitBytes(text, max);
  }
}
