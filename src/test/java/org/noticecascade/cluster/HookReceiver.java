package org.noticecascade.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook's receiver on a fixed port, which can go down (its socket closed: connections refused, as when the
 * gateway is unreachable) and come back on the same address. Counts the requests per Idempotency-Key across
 * restarts.
 */
final class HookReceiver implements AutoCloseable {

  final int port;
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private HttpServer server;

  HookReceiver(int port) {
    this.port = port;
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      received.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).incrementAndGet();
      byte[] out = "{}".getBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, out.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out);
      }
    });
    server.setExecutor(threads);
    server.start();
  }

  /** Down: the port refuses connections until {@link #start} again. */
  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** How many times each Idempotency-Key was received. */
  Map<String, Integer> counts() {
    Map<String, Integer> copy = new ConcurrentHashMap<>();
    received.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  @Override
  public void close() {
    stop();
    threads.shutdownNow();
  }
}
