package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What a page on another site can do with a browser that holds a password for this server: nothing. A change
 * with a foreign Origin or Referer is refused before the password is looked at, even the administrator's, while
 * our own pages and scripts (no such header) still change data; and no 401 makes the browser ask for a Basic
 * password.
 */
class CrossSiteRequestTest extends DemoNoticeFixture {

  private static final String EVIL = "http://evil.example";
  private static final String NEW_UNIT = "code,name,kind,parentCode\nscxsrf,跨站测试单位,INDUSTRY_UNION,sc\n";
  private static final String KNOWN_UNIT = "code,name,kind,parentCode\nsc,四川省总工会,LOCAL_FEDERATION,acftu\n";

  @LocalServerPort int port;
  @Autowired LoginThrottle throttle;

  @AfterEach
  void forgetTheWrongPasswords() {
    throttle.unlock("nosuchuser");
  }

  private ResponseEntity<String> send(HttpMethod method, String path, String user, String body, MediaType type,
      HttpHeaders headers) {
    if (body != null) {
      headers.setContentType(type);
    }
    var http = user == null ? anonymous : as(user);
    return http.exchange(path, method, new HttpEntity<>(body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        headers), String.class);
  }

  private ResponseEntity<String> importUnits(String csv, HttpHeaders headers) {
    return send(HttpMethod.POST, "/api/units/import", "admin", csv, MediaType.parseMediaType("text/csv"), headers);
  }

  private static HttpHeaders header(String name, String value) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(name, value);
    return headers;
  }

  private int units(String code) {
    return jdbc.queryForObject("select count(*) from unit where code = ?", Integer.class, code);
  }

  private static void refusedAsCrossSite(ResponseEntity<String> r) {
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(WebappSession.json(r).get("title").asText()).isEqualTo("跨站请求被拒绝");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/notices", "/api/units", "/engine-rest/task", "/engine-rest/user"})
  void no401AsksTheBrowserForABasicPassword(String path) {
    for (ResponseEntity<String> r : List.of(anonymous.getForEntity(path, String.class),
        anonymous.withBasicAuth("nosuchuser", "guess").getForEntity(path, String.class))) {
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(r.getHeaders().containsKey("WWW-Authenticate")).isFalse();
      assertThat(WebappSession.json(r).get("detail").asText()).contains("请先登录");
    }
  }

  @Test
  void anImportFromAnotherSiteWithTheAdministratorsPasswordChangesNothing() {
    refusedAsCrossSite(importUnits(NEW_UNIT, header("Origin", EVIL)));
    refusedAsCrossSite(importUnits(NEW_UNIT, header("Referer", EVIL + "/form.html")));
    HttpHeaders fetchMetadata = header("Sec-Fetch-Site", "cross-site");
    refusedAsCrossSite(importUnits(NEW_UNIT, fetchMetadata));
    assertThat(units("scxsrf")).isZero();
    // refused before authentication: no password needed to be told, none counted as a failed login
    refusedAsCrossSite(send(HttpMethod.POST, "/api/notices", null, "{}", MediaType.APPLICATION_JSON,
        header("Origin", EVIL)));

    // our own pages (Origin or Referer of this server) and scripts (neither) still import
    ResponseEntity<String> ownPage = importUnits(KNOWN_UNIT, header("Origin", "http://localhost:" + port));
    assertThat(ownPage.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(WebappSession.json(ownPage).get("updated").asInt()).isOne();
    HttpHeaders referer = header("Referer", "http://localhost:" + port + "/progress");
    referer.set("Sec-Fetch-Site", "same-origin");
    assertThat(importUnits(KNOWN_UNIT, referer).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(importUnits(KNOWN_UNIT, new HttpHeaders()).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(units("scxsrf")).isZero();
  }

  @Test
  void camundasRestApiRefusesChangesFromAnotherSite() {
    String user = "/engine-rest/user/scgaclerk";
    refusedAsCrossSite(send(HttpMethod.DELETE, user, "admin", null, null, header("Origin", EVIL)));
    assertThat(engine.getIdentityService().createUserQuery().userId("scgaclerk").count()).isOne();
    refusedAsCrossSite(send(HttpMethod.POST, "/engine-rest/group/create", "admin",
        "{\"id\": \"xsrfgroup\", \"name\": \"跨站\", \"type\": \"x\"}", MediaType.APPLICATION_JSON,
        header("Origin", EVIL)));
    assertThat(engine.getIdentityService().createGroupQuery().groupId("xsrfgroup").count()).isZero();

    ResponseEntity<String> ownPage = send(HttpMethod.POST, "/engine-rest/task/count", "admin", "{}",
        MediaType.APPLICATION_JSON, header("Origin", "http://localhost:" + port));
    assertThat(ownPage.getStatusCode()).isEqualTo(HttpStatus.OK);
  }
}
