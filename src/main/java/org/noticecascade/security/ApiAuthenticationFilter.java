package org.noticecascade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.web.filter.OncePerRequestFilter;
import org.noticecascade.support.BasicCredentials;

/**
 * Our API answers only a known user: HTTP Basic against the Camunda identity service, or, for reading, the
 * session of someone logged in to the Camunda webapps. Changes need Basic credentials, so a page on another site
 * cannot use a clerk's session to change anything; the one exception, an attachment uploaded from Tasklist, carries
 * the webapp's CSRF token. The user is the engine's authenticated user for the request.
 * Every password goes through the login throttle; a 401 carries no Basic challenge (see {@link Refusals}).
 */
class ApiAuthenticationFilter extends OncePerRequestFilter {

  private static final String ENGINE = "default";

  private final IdentityService identity;
  private final LoginThrottle throttle;

  ApiAuthenticationFilter(IdentityService identity, LoginThrottle throttle) {
    this.identity = identity;
    this.throttle = throttle;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    BasicLogin basic = BasicLogin.of(request, response, identity, throttle);
    if (basic.refused()) {
      return;
    }
    String user = basic.user();
    if (user == null && (isSafe(request) || isWebappUpload(request))) {
      user = sessionUser(request);
    }
    if (user == null) {
      Refusals.unauthenticated(response);
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

  private static boolean isSafe(HttpServletRequest request) {
    return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
  }

  /** A file uploaded to /api/notices/{id}[/units/{code}]/attachments from a Tasklist page (its 附件 tab). */
  private static final java.util.regex.Pattern UPLOAD =
      java.util.regex.Pattern.compile("/api/notices/\\d+(/units/[a-z0-9]+)?/attachments");

  /**
   * An upload from Tasklist's 附件 tab may use the webapp session, as Tasklist's own API does: with the session's
   * CSRF token in X-XSRF-TOKEN, which a page on another site can neither read nor send.
   */
  private static boolean isWebappUpload(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod()) || !UPLOAD.matcher(request.getRequestURI()).matches()) {
      return false;
    }
    HttpSession session = request.getSession(false);
    String header = request.getHeader("X-XSRF-TOKEN");
    Object token = session == null ? null : session.getAttribute("CAMUNDA_CSRF_TOKEN");
    return header != null && token instanceof String t && java.security.MessageDigest.isEqual(
        t.getBytes(java.nio.charset.StandardCharsets.UTF_8), header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The user logged in to the Camunda webapps in this request's session, or null. */
  static String sessionUser(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications auths = AuthenticationUtil.getAuthsFromSession(session);
    Authentication auth = auths == null ? null : auths.getAuthenticationForProcessEngine(ENGINE);
    return auth == null || auth == Authentication.ANONYMOUS ? null : auth.getIdentityId();
  }
}
