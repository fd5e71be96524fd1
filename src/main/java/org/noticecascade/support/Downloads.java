package org.noticecascade.support;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;

/** Content-Disposition for downloads whose names are Chinese. */
public final class Downloads {

  private Downloads() {
  }

  /**
   * An ASCII name for old clients, and the Chinese one as RFC 5987 {@code filename*} encoded by Spring; characters
   * no file system takes are replaced. Spring also writes an RFC 2047 {@code filename}: only its {@code filename*}
   * is kept, since RFC 6266 allows each parameter once.
   */
  public static String attachment(String asciiName, String filename) {
    String safe = filename.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
    String spring = ContentDisposition.attachment().filename(safe, StandardCharsets.UTF_8).build().toString();
    String extended = spring.substring(spring.indexOf("filename*="));
    return "attachment; filename=\"" + asciiName + "\"; " + extended;
  }
}
