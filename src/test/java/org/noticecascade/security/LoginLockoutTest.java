package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Guessing passwords over HTTP: five wrong ones from an address lock that user there for 15 minutes, on every
 * login (our API, /engine-rest, the webapps' login form); the engine itself never locks anyone for good. The
 * engine's clock (which Camunda's own short delay after a wrong password reads too) is moved, never waited for.
 */
class LoginLockoutTest extends DemoNoticeFixture {

  private static final List<String> USERS = List.of("scsnclerk", "scnjclerk", "scbzclerk", "admin");

  @LocalServerPort int port;
  @Autowired LoginThrottle throttle;

  @BeforeEach
  void stopTheClock() {
    ClockUtil.setCurrentTime(new Date());
  }

  @AfterEach
  void freeEveryone() {
    ClockUtil.reset();
    USERS.forEach(u -> {
      throttle.unlock(u);
      engine.getIdentityService().unlockUser(u);
    });
  }

  private static void later(Duration d) {
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(d)));
  }

  private ResponseEntity<String> api(String user, String password) {
    return anonymous.withBasicAuth(user, password).getForEntity("/api/units", String.class);
  }

  private ResponseEntity<String> engineRest(String user, String password) {
    return anonymous.withBasicAuth(user, password).getForEntity("/engine-rest/group/count", String.class);
  }

  private ResponseEntity<String> loginForm(String user, String password) {
    return new WebappSession(anonymous).submitLogin(user, password);
  }

  private static void lockedOut(ResponseEntity<String> r) {
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(r.getHeaders().getFirst("Retry-After")).isNotNull();
    assertThat(WebappSession.json(r).get("detail").asText()).contains("密码错误次数过多", "分钟后再试");
  }

  @Test
  void fiveWrongPasswordsLockTheUserOnThatAddressEvenForTheRightPasswordUntilTheLockRunsOut() throws IOException {
    for (int i = 0; i < 5; i++) {
      ResponseEntity<String> wrong = api("scsnclerk", "guess" + i);
      assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(wrong.getHeaders().containsKey("WWW-Authenticate")).isFalse();
    }
    // past Camunda's own delay after a wrong password: what refuses now is the lock
    later(Duration.ofSeconds(61));
    lockedOut(api("scsnclerk", "demo"));
    lockedOut(engineRest("scsnclerk", "demo"));
    assertThat(loginForm("scsnclerk", "demo").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // the same user from another address is not locked out
    assertThat(statusFrom("127.0.0.2", "/api/units", "scsnclerk", "demo")).isEqualTo(200);

    // 14 minutes 1 second after the fifth wrong password
    later(Duration.ofMinutes(13));
    lockedOut(api("scsnclerk", "demo"));
    later(Duration.ofMinutes(1));
    assertThat(api("scsnclerk", "demo").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(engineRest("scsnclerk", "demo").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(loginForm("scsnclerk", "demo").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void wrongPasswordsCountOnEveryLogin() {
    for (int i = 0; i < 2; i++) {
      assertThat(loginForm("scnjclerk", "guess").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(engineRest("scnjclerk", "guess").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    assertThat(api("scnjclerk", "guess").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    later(Duration.ofSeconds(61));
    lockedOut(engineRest("scnjclerk", "demo"));
  }

  @Test
  void anAdministratorFreesALockedUserEarly() {
    for (int i = 0; i < 5; i++) {
      engineRest("scbzclerk", "guess");
    }
    lockedOut(api("scbzclerk", "demo"));

    assertThat(as("scclerk").getForEntity("/api/admin/login-locks", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<String> locks = anonymous.withBasicAuth("admin", "demo")
        .getForEntity("/api/admin/login-locks", String.class);
    assertThat(locks.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(WebappSession.json(locks)).anySatisfy(l -> {
      assertThat(l.get("userId").asText()).isEqualTo("scbzclerk");
      assertThat(l.get("address").asText()).isEqualTo("127.0.0.1");
      assertThat(l.get("lockedUntil").asText()).isNotBlank();
    });

    String unlock = "/api/admin/login-locks/scbzclerk";
    ResponseEntity<String> byClerk = as("scclerk").exchange(unlock, HttpMethod.DELETE, null, String.class);
    assertThat(byClerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(WebappSession.json(byClerk).get("detail").asText()).contains("仅系统管理员");
    lockedOut(api("scbzclerk", "demo"));

    ResponseEntity<String> byAdmin = anonymous.withBasicAuth("admin", "demo")
        .exchange(unlock, HttpMethod.DELETE, null, String.class);
    assertThat(byAdmin.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(WebappSession.json(byAdmin).get("locksCleared").asInt()).isEqualTo(1);
    // at once: the unlock frees the user from Camunda's own delay as well
    assertThat(api("scbzclerk", "demo").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void manyWrongPasswordsNeverLockTheAdministratorForGood() {
    // spaced out so that neither our lock nor Camunda's delay refuses them: each one reaches the engine's count
    for (int i = 0; i < 15; i++) {
      later(Duration.ofMinutes(16));
      ResponseEntity<String> wrong = switch (i % 3) {
        case 0 -> engineRest("admin", "guess" + i);
        case 1 -> api("admin", "guess" + i);
        default -> loginForm("admin", "guess" + i);
      };
      assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    UserEntity admin = (UserEntity) engine.getIdentityService().createUserQuery().userId("admin").singleResult();
    // more than loginMaxAttempts' default of 10, after which Camunda would have locked admin for good
    assertThat(admin.getAttempts()).isGreaterThanOrEqualTo(15);

    later(Duration.ofSeconds(61));
    assertThat(engineRest("admin", "demo").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(loginForm("admin", "demo").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  /**
   * A GET sent from another local address (the whole 127.0.0.0/8 is loopback), which the test's HTTP client
   * cannot choose: the status code.
   */
  private int statusFrom(String localAddress, String path, String user, String password) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(localAddress), 0)) {
      String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Basic " + basic
          + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }
}
