package org.noticecascade.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * A browser's session in the Camunda webapps, kept the way Tasklist's scripts keep it: the session cookie, and
 * the CSRF token that Camunda's CsrfPreventionFilter hands out in the {@code XSRF-TOKEN} cookie and sends back
 * in the {@code X-XSRF-TOKEN} header of every POST, PUT and DELETE.
 */
final class WebappSession {

  static final String ENGINE_API = "/camunda/api/engine/engine/default";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestRestTemplate http;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  WebappSession(TestRestTemplate http) {
    this.http = http;
  }

  /**
   * Logs in as Tasklist 7.24 does: a GET hands out a token, the login form is posted with it, and a second GET
   * fetches a new token, because the login replaces the session (and with it the token).
   */
  static WebappSession login(TestRestTemplate http, String user) {
    WebappSession browser = new WebappSession(http);
    ResponseEntity<String> r = browser.submitLogin(user, "demo");
    if (!r.getStatusCode().is2xxSuccessful()) {
      throw new IllegalStateException(user + " could not log in to Tasklist: " + r.getStatusCode());
    }
    return browser;
  }

  ResponseEntity<String> submitLogin(String user, String password) {
    return submitLogin(user, password, "tasklist");
  }

  /** The login form of one webapp (tasklist, cockpit, admin): refused (403) to a user that app is not granted to. */
  ResponseEntity<String> submitLogin(String user, String password, String app) {
    get("/camunda/api/engine/engine/");
    var form = new LinkedMultiValueMap<String, String>();
    form.add("username", user);
    form.add("password", password);
    HttpHeaders headers = headers(csrfToken());
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    ResponseEntity<String> r = send(HttpMethod.POST, "/camunda/api/admin/auth/user/default/login/" + app,
        new HttpEntity<>(form, headers));
    get("/camunda/api/engine/engine/");
    return r;
  }

  /** The token this session holds, as the browser reads it from its cookie. */
  String csrfToken() {
    return cookies.get("XSRF-TOKEN");
  }

  ResponseEntity<String> get(String path) {
    return send(HttpMethod.GET, path, new HttpEntity<>(headers(null)));
  }

  /** A page load, as the browser asks for it (HTML first). */
  ResponseEntity<String> page(String path) {
    HttpHeaders headers = headers(null);
    headers.setAccept(List.of(MediaType.TEXT_HTML, MediaType.ALL));
    return send(HttpMethod.GET, path, new HttpEntity<>(headers));
  }

  /** A state-changing call with this session's token, as Tasklist sends it. */
  ResponseEntity<String> post(String path, String json) {
    return post(path, json, csrfToken());
  }

  /** A state-changing call with the given token, or none when null. */
  ResponseEntity<String> post(String path, String json, String token) {
    HttpHeaders headers = headers(token);
    headers.setContentType(MediaType.APPLICATION_JSON);
    return send(HttpMethod.POST, path, new HttpEntity<>(json, headers));
  }

  /** A file posted as Tasklist's 附件 tab posts it (multipart, field file), with the given token or none. */
  ResponseEntity<String> postFile(String path, String fileName, byte[] content, String token) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("file", new org.springframework.core.io.ByteArrayResource(content) {
      @Override
      public String getFilename() {
        return fileName;
      }
    });
    HttpHeaders headers = headers(token);
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return send(HttpMethod.POST, path, new HttpEntity<>(body, headers));
  }

  /** Tasklist's list of a filter's tasks: a POST with the sorting, answered in HAL. */
  ResponseEntity<String> filterList(String filterId) {
    return filterList(filterId, "{\"sorting\": [{\"sortBy\": \"created\", \"sortOrder\": \"desc\"}]}");
  }

  /** A filter's list with the caller's own query, which the engine adds to the filter's. */
  ResponseEntity<String> filterList(String filterId, String query) {
    HttpHeaders headers = headers(csrfToken());
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setAccept(List.of(MediaType.parseMediaType("application/hal+json")));
    return send(HttpMethod.POST, ENGINE_API + "/filter/" + filterId + "/list?firstResult=0&maxResults=15",
        new HttpEntity<>(query, headers));
  }

  static JsonNode json(ResponseEntity<String> response) {
    try {
      return JSON.readTree(response.getBody());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not JSON: " + response.getBody(), e);
    }
  }

  private HttpHeaders headers(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
    if (!cookies.isEmpty()) {
      headers.set(HttpHeaders.COOKIE, cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
          .collect(Collectors.joining("; ")));
    }
    if (token != null) {
      headers.set("X-XSRF-TOKEN", token);
    }
    return headers;
  }

  private ResponseEntity<String> send(HttpMethod method, String path, HttpEntity<?> request) {
    ResponseEntity<String> r = http.exchange(path, method, request, String.class);
    List<String> set = r.getHeaders().get(HttpHeaders.SET_COOKIE);
    if (set != null) {
      for (String cookie : set) {
        String pair = cookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return r;
  }
}
