package org.noticecascade.orgdirectory;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** The people file and deactivation: administrators only. */
@RestController
@RequestMapping("/api/users")
class UserController {

  private final PeopleImportService importer;
  private final long maxUpload;

  UserController(PeopleImportService importer, MultipartProperties multipart) {
    this.importer = importer;
    this.maxUpload = Math.min(multipart.getMaxFileSize().toBytes(), UnitController.MAX_CSV);
  }

  /** The file as a form's upload (field {@code file}); the multipart is resolved only after the check. */
  @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<PeopleImportService.Result> importFile(MultipartHttpServletRequest request) throws IOException {
    importer.requireAdministrator();
    MultipartFile file = request.getFile("file");
    if (file == null) {
      throw CsvFiles.fileProblem("请以表单字段 file 上传人员文件（CSV）");
    }
    if (file.getSize() > maxUpload) {
      throw new MaxUploadSizeExceededException(maxUpload);
    }
    try (InputStream in = file.getInputStream()) {
      return answer(importer.importCsv(in));
    }
  }

  /** The file as the request's body. */
  @PostMapping(path = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE,
      MediaType.APPLICATION_OCTET_STREAM_VALUE})
  ResponseEntity<PeopleImportService.Result> importBody(HttpServletRequest request) throws IOException {
    importer.requireAdministrator();
    try (InputStream in = new UnitController.Bounded(request.getInputStream(), maxUpload)) {
      return answer(importer.importCsv(in));
    }
  }

  @PostMapping("/{userId}/deactivate")
  Map<String, Object> deactivate(@PathVariable String userId) {
    importer.deactivate(userId);
    return Map.of("userId", userId, "active", false);
  }

  /** The answer holds one-time passwords: no cache may keep it. */
  private static ResponseEntity<PeopleImportService.Result> answer(PeopleImportService.Result result) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(result);
  }
}
