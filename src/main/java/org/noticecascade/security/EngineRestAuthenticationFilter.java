package org.noticecascade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.noticecascade.support.BasicCredentials;

/**
 * Camunda's filter for its REST API (which paths need a login, engine selection, the user's groups and tenants as
 * the engine's authentication), with HTTP Basic checked through the login throttle: a locked pair gets 429
 * without its password being looked at, and a 401 carries a Chinese reason instead of a Basic challenge.
 */
final class EngineRestAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  private final LoginThrottle throttle;
  /** From the provider's check to its answer, which Camunda's filter asks for without the request. */
  private final ThreadLocal<LoginThrottle.Refusal> refused = new ThreadLocal<>();

  EngineRestAuthenticationFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  /** The provider is ours, not one named by an init parameter, because it needs the throttle. */
  @Override
  public void init(FilterConfig config) {
    authenticationProvider = new ThrottledBasic();
    servletPathPrefix = config.getInitParameter(SERVLET_PATH_PREFIX);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      super.doFilter(request, response, chain);
    } finally {
      refused.remove();
    }
  }

  private final class ThrottledBasic implements AuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
      BasicCredentials basic = BasicCredentials.of(request);
      if (basic == null) {
        return AuthenticationResult.unsuccessful();
      }
      LoginThrottle.Verdict login = throttle.login(basic.user(), request.getRemoteAddr(),
          () -> engine.getIdentityService().checkPassword(basic.user(), basic.password()));
      if (login.refusal() != null) {
        refused.set(login.refusal());
      }
      return login.rightPassword() ? AuthenticationResult.successful(basic.user())
          : AuthenticationResult.unsuccessful(basic.user());
    }

    /** Called after Camunda's filter set 401; a refused login's answer replaces it with 429. */
    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
      try {
        LoginThrottle.Refusal refusal = refused.get();
        if (refusal != null) {
          Refusals.refused(response, refusal, Refusals.TOO_MANY_REQUESTS);
        } else {
          Refusals.unauthenticated(response);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
