package org.noticecascade.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** HTTP to a node as a user (HTTP Basic, as scripts and the webapps' REST calls authenticate). */
final class Rest {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    boolean ok() {
      return status / 100 == 2;
    }
  }

  private Rest() {
  }

  static Answer get(URI base, String path, String user, String password) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), user, password);
  }

  static Answer post(URI base, String path, String user, String password, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)), user, password);
  }

  /** A long call (a whole tree imported): up to ten minutes on a busy machine. */
  static Answer postSlow(URI base, String path, String user, String password, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
        .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), user, password);
  }

  static Answer postJson(URI base, String path, String user, String password, Object body)
      throws IOException, InterruptedException {
    return post(base, path, user, password, "application/json", JSON.writeValueAsBytes(body));
  }

  static Answer put(URI base, String path, String user, String password) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.noBody()), user, password);
  }

  private static Answer send(HttpRequest.Builder request, String user, String password)
      throws IOException, InterruptedException {
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest built = request.header("Authorization", "Basic " + token).build();
    if (built.timeout().isEmpty()) {
      built = HttpRequest.newBuilder(built, (name, value) -> true).timeout(Duration.ofMinutes(2)).build();
    }
    HttpResponse<String> r = CLIENT.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(r.statusCode(), r.body());
  }
}
