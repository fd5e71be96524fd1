package org.noticecascade.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The progress page for leaders (/progress). The page itself holds no data: its script asks for a login (Camunda's
 * own, the webapps' session) before it reads anything from the API. Its policy allows our own scripts and styles
 * only, so even a text that slipped into the page as markup could not run.
 */
@RestController
class ProgressPage {

  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final Resource PAGE = new ClassPathResource("static/progress/index.html");

  @GetMapping({"/progress", "/progress/"})
  ResponseEntity<Resource> page() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noCache())
        .header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "same-origin")
        .body(PAGE);
  }
}
