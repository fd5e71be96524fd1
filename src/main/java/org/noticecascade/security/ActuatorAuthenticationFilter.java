package org.noticecascade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.noticecascade.orgdirectory.OrgIds;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * /actuator/**: metrics and health details for administrators and members of the {@code monitoring} group only,
 * logged in by HTTP Basic (a Prometheus scraper) or by the webapps' session; anyone else is refused (401 without a
 * login, 403 with another one). The health status and the Kubernetes probes ({@code /actuator/health},
 * {@code /actuator/health/liveness}, {@code /actuator/health/readiness}) answer anonymously with UP or DOWN
 * alone; their details (which component is down, and why) only to the same users, whom this filter makes the
 * request's principal, as Spring Boot's {@code show-details: when-authorized} asks.
 */
class ActuatorAuthenticationFilter extends OncePerRequestFilter {

  private static final Set<String> PROBES = Set.of("/actuator/health", "/actuator/health/liveness",
      "/actuator/health/readiness");

  private final IdentityService identity;
  private final LoginThrottle throttle;

  ActuatorAuthenticationFilter(IdentityService identity, LoginThrottle throttle) {
    this.identity = identity;
    this.throttle = throttle;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean probe = PROBES.contains(path);
    BasicLogin basic = BasicLogin.of(request, response, identity, throttle);
    if (basic.refused()) {
      return;
    }
    if (basic.given() && basic.user() == null) {
      Refusals.unauthenticated(response);
      return;
    }
    String user = basic.given() ? basic.user() : "GET".equals(request.getMethod())
        ? ApiAuthenticationFilter.sessionUser(request) : null;
    if (user == null) {
      if (probe) {
        chain.doFilter(request, response);
      } else {
        Refusals.unauthenticated(response);
      }
      return;
    }
    if (!mayMonitor(user)) {
      if (probe) {
        // a clerk may see whether the service is up, as anyone may, not why
        chain.doFilter(request, response);
      } else {
        Refusals.write(response, HttpServletResponse.SC_FORBIDDEN, "无权访问",
            "监控指标仅供系统管理员和 monitoring 组成员查看");
      }
      return;
    }
    String monitor = user;
    chain.doFilter(new HttpServletRequestWrapper(request) {
      @Override
      public Principal getUserPrincipal() {
        return () -> monitor;
      }

      @Override
      public String getRemoteUser() {
        return monitor;
      }
    }, response);
  }

  private boolean mayMonitor(String user) {
    return identity.createGroupQuery().groupMember(user).groupIdIn(OrgIds.ADMIN_GROUP, OrgIds.MONITORING_GROUP)
        .count() > 0;
  }
}
