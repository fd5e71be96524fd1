package org.noticecascade.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver for webhook tests: records every request and answers as told. An answer may quote the
 * request's path and query, as some gateways' error pages do ({@link #REQUEST}).
 */
final class WebhookReceiver implements AutoCloseable {

  record Request(String query, String idempotencyKey, String contentType, JsonNode json, int answeredWith) {
  }

  /** In an answer: replaced by the request's path and query. */
  static final String REQUEST = "${request}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "{}";

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int answeredWith = status;
      requests.add(new Request(exchange.getRequestURI().getRawQuery(),
          exchange.getRequestHeaders().getFirst("Idempotency-Key"),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          JSON.readTree(new String(body, StandardCharsets.UTF_8)), answeredWith));
      byte[] out = answer.replace(REQUEST, exchange.getRequestURI().toString()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answeredWith, out.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out);
      }
    });
    server.setExecutor(threads);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** Answers every following request with this status and JSON body. */
  void answer(int status, String json) {
    this.status = status;
    this.answer = json;
  }

  /** Forgets the requests so far and answers 200 again. */
  void reset() {
    requests.clear();
    answer(200, "{}");
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests answered with 2xx: what the receiver accepted. */
  List<Request> accepted() {
    return requests.stream().filter(r -> r.answeredWith() / 100 == 2).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
