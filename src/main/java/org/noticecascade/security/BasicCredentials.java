package org.noticecascade.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;

/** The user and password of an {@code Authorization: Basic} header, read as UTF-8 (RFC 7617). */
record BasicCredentials(String user, String password) {

  /** The request's credentials, or null when it has none or they cannot be read. */
  static BasicCredentials of(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon <= 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /**
   * How a request's Basic login went, through the login throttle.
   *
   * @param given the request had Basic credentials
   * @param user the user, when the password was right
   * @param refused the throttle held the login back; the refusal (429) is written already
   */
  record Login(boolean given, String user, boolean refused) {
  }

  static Login login(HttpServletRequest request, HttpServletResponse response, IdentityService identity,
      LoginThrottle throttle) throws IOException {
    BasicCredentials basic = of(request);
    if (basic == null) {
      return new Login(false, null, false);
    }
    LoginThrottle.Verdict login = throttle.login(basic.user(), request.getRemoteAddr(),
        () -> identity.checkPassword(basic.user(), basic.password()));
    if (login.refusal() != null) {
      Refusals.refused(response, login.refusal(), Refusals.TOO_MANY_REQUESTS);
      return new Login(true, null, true);
    }
    return new Login(true, login.rightPassword() ? basic.user() : null, false);
  }
}
