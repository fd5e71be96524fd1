package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Tasklist's 附件 tab uploads with the webapp session, which our API otherwise takes for reading only: the upload
 * passes with the session's CSRF token and is refused (401) without it or with another, so another site cannot
 * post files through a clerk's browser. Other changes still need Basic credentials.
 */
class AttachmentSessionUploadTest extends DemoNoticeFixture {

  private static final byte[] PDF = "%PDF-1.4\n通知\n%%EOF\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void tasklistUploadsWithTheSessionAndItsToken() {
    WebappSession tasklist = WebappSession.login(anonymous, "scclerk");
    String url = "/api/notices/" + noticeId + "/attachments";

    assertThat(tasklist.postFile(url, "无令牌.pdf", PDF, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(tasklist.postFile(url, "错令牌.pdf", PDF, "forged").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<String> ok = tasklist.postFile(url, "通知正文.pdf", PDF, tasklist.csrfToken());
    assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(WebappSession.json(ok).get("uploadedBy").asText()).isEqualTo("scclerk");
    assertThat(jdbc.queryForList("select file_name from attachment where notice_id = ?", String.class, noticeId))
        .containsExactly("通知正文.pdf");

    // the token opens uploads only, not the API's other changes
    assertThat(tasklist.post("/api/notices/" + noticeId + "/close", "{\"reason\": \"会话办结\"}").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
