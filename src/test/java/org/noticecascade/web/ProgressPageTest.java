package org.noticecascade.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.noticecascade.testing.SharedApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The /progress page and the way it logs in: the page is a shell without data; the API answers its scripts only
 * after a login through Camunda's own endpoint (with Camunda's CSRF token), and a session still changes nothing.
 */
@SharedApplication
class ProgressPageTest {

  private static final String AUTH = "/camunda/api/admin/auth/user/default";

  @Autowired TestRestTemplate anonymous;
  @Autowired ProcessEngine engine;

  @Test
  void thePageIsAShellThatRunsOnlyItsOwnScripts() {
    ResponseEntity<String> page = anonymous.getForEntity("/progress", String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getHeaders().getContentType()).isNotNull()
        .matches(t -> t.isCompatibleWith(MediaType.TEXT_HTML));
    assertThat(page.getBody()).contains("<script type=\"module\" src=\"/progress/progress-page.js\">");
    String policy = page.getHeaders().getFirst("Content-Security-Policy");
    assertThat(policy).contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(anonymous.getForEntity("/progress/progress-view.js", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void scriptsGet401WithoutABasicChallengeSoTheBrowserShowsNoDialog() {
    HttpHeaders xhr = new HttpHeaders();
    xhr.set("X-Requested-With", "XMLHttpRequest");
    ResponseEntity<String> r = anonymous.exchange("/api/notices", HttpMethod.GET, new HttpEntity<>(xhr), String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getHeaders().containsKey("WWW-Authenticate")).isFalse();
    assertThat(r.getBody()).contains("请先登录");
  }

  @Test
  void aLoginThroughCamundaWithItsCsrfTokenOpensTheApiForReadingOnly() {
    ApiUsers.login(anonymous, engine);

    // Camunda hands out its CSRF token on a session's first request, and refuses a login without it
    ResponseEntity<String> first = anonymous.getForEntity(AUTH, String.class);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    String token = first.getHeaders().getFirst("X-XSRF-TOKEN");
    String session = cookie(first, "JSESSIONID");
    assertThat(token).isNotBlank();
    assertThat(login(session, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    // (the refusal ended that session: start again)
    first = anonymous.getForEntity(AUTH, String.class);
    token = first.getHeaders().getFirst("X-XSRF-TOKEN");
    session = cookie(first, "JSESSIONID");
    ResponseEntity<String> login = login(session, token);
    assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(login.getBody()).contains(ApiUsers.USER);
    String loggedIn = cookie(login, "JSESSIONID");

    HttpHeaders withSession = new HttpHeaders();
    withSession.set(HttpHeaders.COOKIE, "JSESSIONID=" + loggedIn);
    withSession.set("X-Requested-With", "XMLHttpRequest");
    assertThat(anonymous.exchange("/api/notices", HttpMethod.GET, new HttpEntity<>(withSession), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    withSession.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> post = anonymous.exchange("/api/notices", HttpMethod.POST,
        new HttpEntity<>(Map.of("docNumber", "x"), withSession), String.class);
    assertThat(post.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private ResponseEntity<String> login(String session, String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.set(HttpHeaders.COOKIE, "JSESSIONID=" + session);
    if (token != null) {
      headers.set("X-XSRF-TOKEN", token);
    }
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("username", ApiUsers.USER);
    form.add("password", ApiUsers.PASSWORD);
    return anonymous.postForEntity(AUTH + "/login/welcome", new HttpEntity<>(form, headers), String.class);
  }

  private static String cookie(ResponseEntity<?> response, String name) {
    List<String> cookies = response.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of());
    return cookies.stream().filter(c -> c.startsWith(name + "=")).map(c -> c.substring(name.length() + 1).split(";")[0])
        .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + " in " + cookies));
  }

  /** Texts from notices and reports reach the page as text: the views never hand a string to the HTML parser. */
  @ParameterizedTest
  @ValueSource(strings = {"static/progress/progress-view.js", "static/progress/progress-page.js",
      "META-INF/resources/webjars/camunda/app/cockpit/scripts/notice-progress.js",
      "static/password/password-page.js", "static/password/watch.js"})
  void viewScriptsNeverParseHtml(String script) throws IOException {
    String source;
    try (InputStream in = new ClassPathResource(script).getInputStream()) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(source).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
        "DOMParser", "createContextualFragment", "eval(", "new Function");
  }
}
