package org.noticecascade.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Group robots as WeChat Work runs them, on a local HTTP server: {@code POST /cgi-bin/webhook/send?key=…} with a
 * text message, answered {@code {"errcode":0}}; a robot takes at most {@code perMinute} posts in any 60 seconds of
 * the test's clock and answers {@code errcode 45009} beyond that. A key may be made to answer HTTP 503 (an outage).
 */
final class FakeRobot implements AutoCloseable {

  /** @param errcode the robot's answer, or 503 for an outage's HTTP status */
  record Post(String key, Instant at, String idempotencyKey, String content, int errcode, String query) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final int perMinute;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<Post> posts = new ArrayList<>();
  private final Set<String> down = ConcurrentHashMap.newKeySet();

  FakeRobot(Clock clock, int perMinute) {
    this.clock = clock;
    this.perMinute = perMinute;
    server = Fixtures.localServer(threads, Map.of("/cgi-bin/webhook/send", this::handle));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String key = query == null ? "" : query.replaceAll(".*\\bkey=([^&]*).*", "$1");
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    if (down.contains(key)) {
      synchronized (this) {
        posts.add(new Post(key, clock.instant(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            body.path("text").path("content").asText(), 503, query));
      }
      Fixtures.answerJson(exchange, 503, "{\"error\":\"down\"}");
      return;
    }
    int errcode;
    synchronized (this) {
      Instant now = clock.instant();
      long recent = posts.stream().filter(p -> p.key().equals(key) && p.errcode() == 0
          && p.at().isAfter(now.minus(Duration.ofMinutes(1)))).count();
      errcode = recent >= perMinute ? 45009 : 0;
      posts.add(new Post(key, now, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
          body.path("text").path("content").asText(), errcode, query));
    }
    Fixtures.answerJson(exchange, 200, errcode == 0 ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
        : "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");
  }

  String url(String key) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/cgi-bin/webhook/send?key=" + key;
  }

  URI uri(String key) {
    return URI.create(url(key));
  }

  void down(String key, boolean isDown) {
    if (isDown) {
      down.add(key);
    } else {
      down.remove(key);
    }
  }

  synchronized List<Post> posts() {
    return List.copyOf(posts);
  }

  synchronized List<Post> accepted(String key) {
    return posts.stream().filter(p -> p.key().equals(key) && p.errcode() == 0).toList();
  }

  synchronized long rateLimited() {
    return posts.stream().filter(p -> p.errcode() == 45009).count();
  }

  /** The most posts the robot took in any 60 seconds. */
  synchronized int mostInAMinute(String key) {
    List<Instant> times = accepted(key).stream().map(Post::at).sorted().toList();
    int most = 0;
    for (Instant end : times) {
      most = Math.max(most, (int) times.stream().filter(t -> !t.isAfter(end)
          && t.isAfter(end.minus(Duration.ofMinutes(1)))).count());
    }
    return most;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
