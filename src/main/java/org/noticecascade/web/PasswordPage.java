package org.noticecascade.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page where a person replaces a one-time password with their own (/password), where the security filter sends
 * every page load until they have. It holds no data; its script posts to /api/me/password.
 */
@RestController
class PasswordPage {

  private static final Resource PAGE = new ClassPathResource("static/password/index.html");

  @GetMapping({"/password", "/password/"})
  ResponseEntity<Resource> page() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .header("Content-Security-Policy", ProgressPage.POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .body(PAGE);
  }
}
