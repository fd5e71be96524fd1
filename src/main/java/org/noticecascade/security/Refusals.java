package org.noticecascade.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers our filters give before any controller runs, as problem+json like the rest of our API. None sends
 * {@code WWW-Authenticate: Basic}: a browser would show its own password dialog and then keep sending the
 * password with every request, to any page's request included.
 */
final class Refusals {

  static final int TOO_MANY_REQUESTS = 429;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Refusals() {
  }

  static void unauthenticated(HttpServletResponse response) throws IOException {
    write(response, HttpServletResponse.SC_UNAUTHORIZED, "未登录", "请先登录，或以 HTTP Basic 方式提供正确的用户名和密码");
  }

  /**
   * Answers {@code status} when the request's user is locked on its address; says whether it did. The message
   * names no reason a guesser could learn from: unknown users are locked the same way.
   */
  static boolean refuseIfLocked(LoginThrottle throttle, String user, HttpServletRequest request,
      HttpServletResponse response, int status) throws IOException {
    var locked = throttle.lockedFor(user, request.getRemoteAddr());
    if (locked.isEmpty()) {
      return false;
    }
    long seconds = Math.max(1, locked.get().toSeconds());
    long minutes = Math.max(1, locked.get().plusSeconds(59).toMinutes());
    response.setHeader("Retry-After", Long.toString(seconds));
    write(response, status, "登录已暂时锁定", "密码错误次数过多，该账号在您当前的网络地址上暂停登录，请约 " + minutes
        + " 分钟后再试，或请系统管理员解除锁定");
    return true;
  }

  static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    response.setStatus(status);
    response.setContentType("application/problem+json;charset=UTF-8");
    response.getWriter().write(JSON.writeValueAsString(problem));
  }
}
