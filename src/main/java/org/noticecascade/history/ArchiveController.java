package org.noticecascade.history;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.noticecascade.notice.Notice;
import org.noticecascade.support.Downloads;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/notices/{id}/archive: the archive of a notice that ended, streamed as it is written. */
@RestController
class ArchiveController {

  private final NoticeArchives archives;

  ArchiveController(NoticeArchives archives) {
    this.archives = archives;
  }

  @GetMapping("/api/notices/{id}/archive")
  void archive(@PathVariable long id, HttpServletResponse response) throws IOException {
    // refusals (403, 404, 409) are thrown before anything is written, so they are answered as problem+json
    Notice notice = archives.forDownload(id);
    response.setContentType("application/zip");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
        Downloads.attachment("notice-" + id + "-archive.zip", NoticeArchiver.fileName(notice)));
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    archives.write(notice, response.getOutputStream());
    response.flushBuffer();
  }
}
