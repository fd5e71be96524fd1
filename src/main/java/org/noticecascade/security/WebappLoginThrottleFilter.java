package org.noticecascade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' login form ({@code POST …/api/admin/auth/user/{engine}/login/{app}}, Tasklist's and the
 * /progress page's) goes through the login throttle too. Camunda checks the password itself, so its answer tells
 * the outcome: a login counts as failed unless the answer shows a right password. A locked pair gets 401, which
 * the login page shows as its usual 「用户名或密码错误、用户已被锁定…」, before Camunda looks at the password.
 */
final class WebappLoginThrottleFilter extends OncePerRequestFilter {

  private static final Pattern LOGIN = Pattern.compile(".*/api/admin/auth/user/[^/]+/login/[^/]+/?");
  /** A login form is a few dozen bytes; a longer one must not slip past the count unread. */
  private static final int MAX_FORM = 16 * 1024;

  private final LoginThrottle throttle;

  WebappLoginThrottleFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  /**
   * Only a urlencoded form carries a password that Camunda reads (its login takes {@code @FormParam}s); anything
   * else reaches no password check.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String type = request.getContentType();
    return !"POST".equals(request.getMethod()) || !LOGIN.matcher(request.getRequestURI()).matches()
        || type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // read here and handed on unchanged: request.getParameter would consume the body and make Jersey warn
    byte[] form = request.getInputStream().readNBytes(MAX_FORM + 1);
    if (form.length > MAX_FORM) {
      Refusals.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "请求过大", "登录表单过大");
      return;
    }
    String user = field(new String(form, StandardCharsets.ISO_8859_1), "username", charset(request));
    HttpServletRequest replay = new Replay(request, form);
    if (user == null) {
      chain.doFilter(replay, response);
      return;
    }
    String address = request.getRemoteAddr();
    Optional<LoginThrottle.Refusal> refusal = throttle.start(user, address);
    if (refusal.isPresent()) {
      Refusals.refused(response, refusal.get(), HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    boolean right = false;
    try {
      chain.doFilter(replay, response);
      right = rightPassword(response);
    } finally {
      throttle.finish(user, address, right);
    }
  }

  /**
   * 200, or Camunda's 403 for a user without access to the app (a Tasklist clerk trying Cockpit); not the 403 of
   * a missing CSRF token, which comes before any password check.
   */
  private static boolean rightPassword(HttpServletResponse response) {
    int status = response.getStatus();
    return status == HttpServletResponse.SC_OK
        || (status == HttpServletResponse.SC_FORBIDDEN && !"Required".equals(response.getHeader("X-XSRF-TOKEN")));
  }

  /** The form's charset as Camunda will read it: UTF-8 unless the request names another it knows. */
  private static Charset charset(HttpServletRequest request) {
    try {
      return request.getCharacterEncoding() == null ? StandardCharsets.UTF_8
          : Charset.forName(request.getCharacterEncoding());
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** The first value of the field, as a form parameter reader would see it; null when absent or unreadable. */
  private static String field(String form, String name, Charset charset) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      try {
        if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), charset).equals(name)) {
          return URLDecoder.decode(pair.substring(eq + 1), charset);
        }
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  /** The request with its body read once more from the bytes this filter took. */
  private static final class Replay extends HttpServletRequestWrapper {

    private final byte[] body;

    Replay(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the login form is read synchronously");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), charset(this)));
    }
  }
}
