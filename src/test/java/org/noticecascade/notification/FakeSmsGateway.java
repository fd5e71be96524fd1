package org.noticecascade.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An SMS gateway on a local HTTP server taking {@code POST /sms} with a JSON body {@code {"to": …, "content": …}}:
 * it answers each number as the test scripted ({@link #script}), by default HTTP 200 {@code {"code":0}}.
 */
final class FakeSmsGateway implements AutoCloseable {

  record Request(String to, String content, String authorization, String idempotencyKey, int status) {
  }

  private record Answer(int status, String body) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, List<Answer>> scripts = new HashMap<>();

  FakeSmsGateway() {
    server = Fixtures.localServer(threads, Map.of("/sms", exchange -> {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      String to = body.path("to").asText();
      Answer answer;
      synchronized (this) {
        List<Answer> script = scripts.get(to);
        answer = script == null || script.isEmpty() ? new Answer(200, "{\"code\":0,\"msg\":\"ok\"}")
            : script.size() == 1 ? script.get(0) : script.remove(0);
        requests.add(new Request(to, body.path("content").asText(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Idempotency-Key"), answer.status()));
      }
      Fixtures.answerJson(exchange, answer.status(), answer.body());
    }));
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
  }

  /** Answers this number with these, in turn; the last one from then on. */
  synchronized void script(String mobile, int status, String body, Object... more) {
    List<Answer> answers = new ArrayList<>(List.of(new Answer(status, body)));
    for (int i = 0; i + 1 < more.length; i += 2) {
      answers.add(new Answer((Integer) more[i], (String) more[i + 1]));
    }
    scripts.put(mobile, answers);
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<Request> to(String mobile) {
    return requests.stream().filter(r -> r.to().equals(mobile)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
