package org.noticecascade.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.orgdirectory.Accounts;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a logged-in person may do as their account stands ({@link Accounts}): after a one-time password, nothing but
 * choose their own (page loads go to /password, every other call gets 403 「请先修改初始密码」); once deactivated,
 * nothing at all (the session is ended). Runs after the authentication filters, whose user it reads, on our API,
 * Camunda's REST API, the webapps and the /progress page.
 */
final class AccountStateFilter extends OncePerRequestFilter {

  static final String CHANGE_FIRST = "请先修改初始密码";
  static final String PASSWORD_PAGE = "/password";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IdentityService identity;
  private final Accounts accounts;

  AccountStateFilter(IdentityService identity, Accounts accounts) {
    this.identity = identity;
    this.accounts = accounts;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = identity.getCurrentAuthentication();
    String user = auth != null && auth.getUserId() != null ? auth.getUserId()
        : ApiAuthenticationFilter.sessionUser(request);
    Accounts.State state = user == null ? Accounts.State.ACTIVE : accounts.state(user);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (state == Accounts.State.INACTIVE) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      if (isPageLoad(request)) {
        // logged out now: the same page shows its login
        response.sendRedirect(request.getRequestURI());
      } else {
        refuse(response, "账号已停用", "该账号已停用，请联系系统管理员");
      }
      return;
    }
    if (state == Accounts.State.ACTIVE || mayBeforeChange(request, path)) {
      chain.doFilter(request, response);
      return;
    }
    if (isPageLoad(request)) {
      response.sendRedirect(request.getContextPath() + PASSWORD_PAGE);
      return;
    }
    refuse(response, CHANGE_FIRST, CHANGE_FIRST + "：请打开 " + PASSWORD_PAGE + " 页面设置您自己的密码后再使用本系统");
  }

  /**
   * What a person with a one-time password may still reach: who they are and the password change, the webapps'
   * login and logout, and the webapps' scripts and styles (not their pages, not their data).
   */
  private static boolean mayBeforeChange(HttpServletRequest request, String path) {
    String method = request.getMethod();
    if (path.equals("/api/me") || path.equals("/api/me/password")) {
      return true;
    }
    if (path.startsWith("/camunda/api/admin/auth/user/")) {
      return true;
    }
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    return read && !isPageLoad(request) && !path.startsWith("/api/") && !path.startsWith("/engine-rest/")
        && !path.startsWith("/camunda/api/");
  }

  private static boolean isPageLoad(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
  }

  /** 403 as problem+json, with Camunda's {@code message} too, which Tasklist and Cockpit show. */
  private static void refuse(HttpServletResponse response, String title, String detail) throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", HttpServletResponse.SC_FORBIDDEN);
    problem.put("detail", detail);
    problem.put("message", detail);
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/problem+json;charset=UTF-8");
    response.getWriter().write(JSON.writeValueAsString(problem));
  }
}
