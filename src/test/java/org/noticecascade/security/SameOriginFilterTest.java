package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Which changes the same-origin check lets through, on requests as they reach this server at
 * http://tongzhi.example.cn:8080 with https://oa.example.org allowed.
 */
class SameOriginFilterTest {

  private final SameOriginFilter filter = new SameOriginFilter(List.of("https://OA.example.org/"));

  /** The status the filter answers, or 0 when it lets the request through. */
  private int status(String method, Map<String, String> headers) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/units/import");
    request.setScheme("http");
    request.setServerName("tongzhi.example.cn");
    request.setServerPort(8080);
    headers.forEach(request::addHeader);
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    if (chain.getRequest() != null) {
      return 0;
    }
    var body = new ObjectMapper().readTree(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(body.get("title").asText()).isEqualTo("跨站请求被拒绝");
    return response.getStatus();
  }

  @Test
  void aScriptWithoutOriginOrRefererPasses() throws Exception {
    assertThat(status("POST", Map.of())).isZero();
    assertThat(status("DELETE", Map.of("Sec-Fetch-Site", "none"))).isZero();
  }

  @Test
  void ownPagesAndAllowedOriginsPass() throws Exception {
    assertThat(status("POST", Map.of("Origin", "http://tongzhi.example.cn:8080"))).isZero();
    assertThat(status("PUT", Map.of("Origin", "HTTP://Tongzhi.Example.cn:8080", "Sec-Fetch-Site", "same-origin")))
        .isZero();
    assertThat(status("POST", Map.of("Referer", "http://tongzhi.example.cn:8080/progress?notice=1"))).isZero();
    assertThat(status("PATCH", Map.of("Origin", "https://oa.example.org"))).isZero();
    assertThat(status("POST", Map.of("Origin", "https://oa.example.org:443"))).isZero();
  }

  @Test
  void changesFromOtherOriginsAreRefused() throws Exception {
    assertThat(status("POST", Map.of("Origin", "http://evil.example"))).isEqualTo(403);
    assertThat(status("DELETE", Map.of("Referer", "http://evil.example/page.html"))).isEqualTo(403);
    // another port or scheme of the same host is another origin
    assertThat(status("POST", Map.of("Origin", "http://tongzhi.example.cn"))).isEqualTo(403);
    assertThat(status("POST", Map.of("Origin", "https://tongzhi.example.cn:8080"))).isEqualTo(403);
    assertThat(status("POST", Map.of("Origin", "http://oa.example.org"))).isEqualTo(403);
    // sandboxed frames and redirects across sites send "null"
    assertThat(status("POST", Map.of("Origin", "null"))).isEqualTo(403);
    assertThat(status("POST", Map.of("Referer", "not a url"))).isEqualTo(403);
    // the browser's word wins over a matching Origin
    assertThat(status("POST", Map.of("Origin", "http://tongzhi.example.cn:8080", "Sec-Fetch-Site", "cross-site")))
        .isEqualTo(403);
    // Origin is asked first: a Referer of ours does not make up for a foreign Origin
    assertThat(status("POST", Map.of("Origin", "http://evil.example",
        "Referer", "http://tongzhi.example.cn:8080/progress"))).isEqualTo(403);
  }

  @Test
  void readsAreNotChecked() throws Exception {
    assertThat(status("GET", Map.of("Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"))).isZero();
    assertThat(status("HEAD", Map.of("Origin", "http://evil.example"))).isZero();
  }

  @Test
  void aMalformedAllowedOriginStopsStartUp() {
    assertThatThrownBy(() -> new SameOriginFilter(List.of("oa.example.org")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowed-origins");
  }
}
