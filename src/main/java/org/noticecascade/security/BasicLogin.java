package org.noticecascade.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.IdentityService;
import org.noticecascade.support.BasicCredentials;

/**
 * How a request's Basic login went, through the login throttle.
 *
 * @param given the request had Basic credentials
 * @param user the user, when the password was right
 * @param refused the throttle held the login back; the refusal (429) is written already
 */
record BasicLogin(boolean given, String user, boolean refused) {

  static BasicLogin of(HttpServletRequest request, HttpServletResponse response, IdentityService identity,
      LoginThrottle throttle) throws IOException {
    BasicCredentials basic = BasicCredentials.of(request);
    if (basic == null) {
      return new BasicLogin(false, null, false);
    }
    LoginThrottle.Verdict login = throttle.login(basic.user(), request.getRemoteAddr(),
        () -> identity.checkPassword(basic.user(), basic.password()));
    if (login.refusal() != null) {
      Refusals.refused(response, login.refusal(), Refusals.TOO_MANY_REQUESTS);
      return new BasicLogin(true, null, true);
    }
    return new BasicLogin(true, login.rightPassword() ? basic.user() : null, false);
  }
}
