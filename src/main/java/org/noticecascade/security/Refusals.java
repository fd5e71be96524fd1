package org.noticecascade.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
   * A login the throttle did not let start. The message names no reason a guesser could learn from: unknown
   * users are locked the same way.
   */
  static void refused(HttpServletResponse response, LoginThrottle.Refusal refusal, int status) throws IOException {
    response.setHeader("Retry-After", Long.toString(Math.max(1, refusal.retryAfter().toSeconds())));
    if (!refusal.locked()) {
      write(response, status, "登录过于频繁", "该账号在您当前的网络地址上同时进行的登录过多，请稍后再试");
      return;
    }
    long minutes = Math.max(1, refusal.retryAfter().plusSeconds(59).toMinutes());
    write(response, status, "登录已暂时锁定", "密码错误次数过多，该账号在您当前的网络地址上暂停登录，请约 " + minutes
        + " 分钟后再试，或请系统管理员解除锁定");
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
