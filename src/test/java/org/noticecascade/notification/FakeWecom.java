package org.noticecascade.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * WeChat Work's server API as its documentation describes it, on a local HTTP server: {@code GET
 * /cgi-bin/gettoken?corpid=…&corpsecret=…} answers an access token valid 7,200 seconds of the test's clock;
 * {@code POST /cgi-bin/message/send?access_token=…} answers 42001 for an expired token, 40014 for an unknown one,
 * names the unknown users in {@code invaliduser} (81013 when all are), and otherwise delivers the text to each
 * user. It may be made to answer HTTP 503 (an outage).
 */
final class FakeWecom implements AutoCloseable {

  record Call(String touser, int agentId, String content, int errcode) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final String corpId;
  private final String corpSecret;
  private final Set<String> users;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final Map<String, Instant> tokens = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, List<String>> received = new HashMap<>();
  private int tokensIssued;
  private volatile boolean down;

  FakeWecom(Clock clock, String corpId, String corpSecret, Set<String> users) {
    this.clock = clock;
    this.corpId = corpId;
    this.corpSecret = corpSecret;
    this.users = users;
    server = Fixtures.localServer(threads, Map.of("/cgi-bin/gettoken", this::token,
        "/cgi-bin/message/send", this::send));
  }

  private void token(HttpExchange exchange) throws IOException {
    {
      Map<String, String> q = query(exchange);
      String answer;
      synchronized (this) {
        if (down) {
          Fixtures.answerJson(exchange, 503, "{}");
          return;
        }
        if (!corpId.equals(q.get("corpid")) || !corpSecret.equals(q.get("corpsecret"))) {
          answer = "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}";
        } else {
          String token = "tok" + (++tokensIssued);
          tokens.put(token, clock.instant().plusSeconds(7200));
          answer = "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"" + token + "\",\"expires_in\":7200}";
        }
      }
      Fixtures.answerJson(exchange, 200, answer);
    }
  }

  private void send(HttpExchange exchange) throws IOException {
    String token = query(exchange).get("access_token");
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    String answer;
    synchronized (this) {
      if (down) {
        Fixtures.answerJson(exchange, 503, "{}");
        return;
      }
      Instant expires = tokens.get(token);
      String touser = body.path("touser").asText();
      String content = body.path("text").path("content").asText();
      int errcode;
      if (expires == null) {
        errcode = 40014;
        answer = "{\"errcode\":40014,\"errmsg\":\"invalid access_token\"}";
      } else if (!clock.instant().isBefore(expires)) {
        errcode = 42001;
        answer = "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}";
      } else {
        List<String> invalid = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        for (String u : touser.split("\\|")) {
          (users.contains(u.toLowerCase(Locale.ROOT)) ? valid : invalid).add(u.toLowerCase(Locale.ROOT));
        }
        errcode = valid.isEmpty() ? 81013 : 0;
        if (errcode == 0) {
          valid.forEach(u -> received.computeIfAbsent(u, k -> new ArrayList<>()).add(content));
        }
        answer = "{\"errcode\":" + errcode + ",\"errmsg\":\"" + (errcode == 0 ? "ok" : "user & party & tag all invalid")
            + "\",\"invaliduser\":\"" + String.join("|", invalid) + "\",\"msgid\":\"m" + calls.size() + "\"}";
      }
      calls.add(new Call(touser, body.path("agentid").asInt(), content, errcode));
    }
    Fixtures.answerJson(exchange, 200, answer);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> q = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      Arrays.stream(raw.split("&")).map(p -> p.split("=", 2)).forEach(p -> q.put(p[0],
          p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
    }
    return q;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** WeChat Work ends every token early (it may, for its own reasons). */
  synchronized void revokeTokens() {
    tokens.clear();
  }

  /** Every token expires now. */
  synchronized void expireTokens() {
    tokens.replaceAll((t, e) -> clock.instant());
  }

  void down(boolean isDown) {
    down = isDown;
  }

  synchronized int tokensIssued() {
    return tokensIssued;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** What each user received, in order. */
  synchronized Map<String, List<String>> received() {
    Map<String, List<String>> copy = new HashMap<>();
    received.forEach((u, l) -> copy.put(u, List.copyOf(l)));
    return copy;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
