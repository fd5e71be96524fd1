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

/**
 * Camunda's filter for its REST API (engine selection, the user's groups and tenants as the engine's
 * authentication), with HTTP Basic checked through the login throttle: a locked pair gets 429 before its
 * password is looked at, and a 401 carries a Chinese reason instead of a Basic challenge.
 */
final class EngineRestAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  private final LoginThrottle throttle;

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
    HttpServletRequest req = (HttpServletRequest) request;
    BasicCredentials basic = BasicCredentials.of(req);
    if (basic != null && Refusals.refuseIfLocked(throttle, basic.user(), req, (HttpServletResponse) response,
        Refusals.TOO_MANY_REQUESTS)) {
      return;
    }
    super.doFilter(request, response, chain);
  }

  private final class ThrottledBasic implements AuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
      BasicCredentials basic = BasicCredentials.of(request);
      if (basic == null) {
        return AuthenticationResult.unsuccessful();
      }
      boolean right = throttle.attempt(basic.user(), request.getRemoteAddr(),
          () -> engine.getIdentityService().checkPassword(basic.user(), basic.password()));
      return right ? AuthenticationResult.successful(basic.user()) : AuthenticationResult.unsuccessful(basic.user());
    }

    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
      try {
        Refusals.unauthenticated(response);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
