package org.noticecascade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A page on another site can make the browser send a form or a fetch along with whatever credentials the browser
 * holds for this server (a session cookie, a Basic password typed once). So a change (any method but GET, HEAD,
 * OPTIONS, TRACE) is refused with 403 when the browser says it comes from elsewhere: {@code Sec-Fetch-Site:
 * cross-site}, or an {@code Origin} (without one, a {@code Referer}) that is neither this server's own origin, as
 * the request reached it, nor one the operator allowed. Scripts send neither header and pass. This runs before
 * any password is checked, so such a request neither logs in nor counts as a failed login.
 */
final class SameOriginFilter extends OncePerRequestFilter {

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Set<String> allowed;

  /** @param allowedOrigins further origins such as {@code https://oa.example.org}; a malformed one stops start-up */
  SameOriginFilter(Collection<String> allowedOrigins) {
    this.allowed = allowedOrigins.stream().map(o -> origin(o).orElseThrow(() -> new IllegalArgumentException(
        "notice-cascade.security.allowed-origins: '" + o + "' is not an origin like https://oa.example.org")))
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return SAFE.contains(request.getMethod());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String refusal = refusal(request);
    if (refusal != null) {
      Refusals.write(response, HttpServletResponse.SC_FORBIDDEN, "跨站请求被拒绝", refusal
          + "。修改数据只能在本系统自己的页面上或由脚本（不带 Origin 和 Referer）进行；如需其他网站调用，请管理员将其加入"
          + " notice-cascade.security.allowed-origins");
      return;
    }
    chain.doFilter(request, response);
  }

  /** Why the request is refused, or null when it may pass. */
  private String refusal(HttpServletRequest request) {
    if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
      return "浏览器表明此请求由其他网站的页面发起";
    }
    String source = request.getHeader("Origin");
    if (source == null) {
      source = request.getHeader("Referer");
    }
    if (source == null) {
      return null;
    }
    Optional<String> from = origin(source);
    if (from.isEmpty()) {
      return "请求来源无法识别";
    }
    String host = request.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String own = origin(request.getScheme() + "://" + host + ":" + request.getServerPort()).orElse(null);
    if (from.get().equals(own) || allowed.contains(from.get())) {
      return null;
    }
    return "请求来自其他网站（" + from.get() + "）";
  }

  /** scheme://host:port with the default port spelled out, lower case; empty for "null" and anything malformed. */
  private static Optional<String> origin(String text) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null || host == null) {
        return Optional.empty();
      }
      scheme = scheme.toLowerCase(Locale.ROOT);
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
      return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
