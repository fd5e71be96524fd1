package org.noticecascade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Our API answers only a known user: HTTP Basic against the Camunda identity service, or, for reading, the
 * session of someone logged in to the Camunda webapps. Changes need Basic credentials, so a page on another site
 * cannot use a clerk's session to change anything. The user is the engine's authenticated user for the request.
 */
class ApiAuthenticationFilter extends OncePerRequestFilter {

  private static final String ENGINE = "default";

  private final IdentityService identity;

  ApiAuthenticationFilter(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String user = basicUser(request);
    if (user == null && isSafe(request)) {
      user = sessionUser(request);
    }
    if (user == null) {
      if (!fromScript(request)) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"Notice Cascade\", charset=\"UTF-8\"");
      }
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/problem+json;charset=UTF-8");
      response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"未登录\",\"status\":401,"
          + "\"detail\":\"请先登录，或以 HTTP Basic 方式提供用户名和密码\"}");
      return;
    }
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    try {
      identity.setAuthentication(user, groups);
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }

  /**
   * Our pages' scripts (the progress page, the Cockpit plugin) say so; they get no Basic challenge, which would
   * make the browser show its own login dialog instead of the page's.
   */
  private static boolean fromScript(HttpServletRequest request) {
    return "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
  }

  private static boolean isSafe(HttpServletRequest request) {
    return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
  }

  private String basicUser(HttpServletRequest request) {
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
    if (colon <= 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    return identity.checkPassword(user, decoded.substring(colon + 1)) ? user : null;
  }

  private static String sessionUser(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications auths = AuthenticationUtil.getAuthsFromSession(session);
    Authentication auth = auths == null ? null : auths.getAuthenticationForProcessEngine(ENGINE);
    return auth == null || auth == Authentication.ANONYMOUS ? null : auth.getIdentityId();
  }
}
