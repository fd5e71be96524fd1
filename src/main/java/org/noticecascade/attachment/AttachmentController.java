package org.noticecascade.attachment;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.task.Task;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.support.Downloads;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The files of a notice and of its units (docs/api.md, "Attachments"). Uploads are multipart with the file in
 * field {@code file}; the multipart is resolved lazily (application.yaml), so the caller is checked before the
 * file is read.
 */
@RestController
class AttachmentController {

  /** A file as listed: everything but its content, and where to download it. */
  record AttachmentView(long id, long noticeId, String unitCode, String unitName, String ownerKind,
                        String fileName, String contentType, long size, String sha256, boolean main,
                        String uploadedBy, LocalDateTime uploadedAt, String taskId, String href) {

    static AttachmentView of(Attachment a, String unitName) {
      return new AttachmentView(a.id(), a.noticeId(), a.unitCode(), unitName, a.ownerKind(), a.fileName(),
          a.contentType(), a.size(), a.sha256(), a.main(), a.uploadedBy(), a.uploadedAt(), a.taskId(),
          "/api/attachments/" + a.id());
    }
  }

  private final AttachmentService service;
  private final UnitRepository units;

  AttachmentController(AttachmentService service, UnitRepository units) {
    this.service = service;
    this.units = units;
  }

  /** The files with their units' names, looked up once for the few units a list names. */
  private List<AttachmentView> views(List<Attachment> files) {
    Map<String, String> names = units.findAll(files.stream().map(Attachment::unitCode).filter(Objects::nonNull)
        .distinct().toList()).stream().collect(Collectors.toMap(Unit::code, Unit::name));
    return files.stream().map(a -> AttachmentView.of(a, a.unitCode() == null ? null : names.get(a.unitCode())))
        .toList();
  }

  private AttachmentView view(Attachment a) {
    return views(List.of(a)).get(0);
  }

  /**
   * The notice's own files; with {@code unit}, everything that unit's tasks show (the notice's, 转发, its own); with
   * {@code reports=1}, the report files of the notice's direct addressees (for the issuer's 汇总 and 跟踪).
   */
  @GetMapping("/api/notices/{id}/attachments")
  List<AttachmentView> noticeFiles(@PathVariable long id, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String reports) {
    if ("1".equals(reports) || "true".equalsIgnoreCase(reports)) {
      return views(service.addresseeReports(id));
    }
    return views(unit == null || unit.isBlank() ? service.noticeFiles(id) : service.taskFiles(id, unit));
  }

  /** A file of the notice itself, by the issuer's clerks; {@code main=true} marks it 正文. */
  @PostMapping(path = "/api/notices/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  AttachmentView addToNotice(@PathVariable long id, MultipartHttpServletRequest request) {
    service.requireNoticeUploader(id);
    return view(service.store(id, null, Attachment.NOTICE, null, request.getFile("file"),
        Boolean.parseBoolean(request.getParameter("main"))));
  }

  @GetMapping("/api/notices/{id}/units/{code}/attachments")
  List<AttachmentView> unitFiles(@PathVariable long id, @PathVariable String code) {
    return views(service.unitFiles(id, code));
  }

  /** A unit's own file, by its clerks while a task takes one; {@code kind} relay, study or report. */
  @PostMapping(path = "/api/notices/{id}/units/{code}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  AttachmentView addToUnit(@PathVariable long id, @PathVariable String code,
      @RequestParam(required = false) String kind, MultipartHttpServletRequest request) {
    Task task = service.requireUnitUploader(id, code, kind);
    return view(service.store(id, code, AttachmentService.kindOf(task), task.getId(), request.getFile("file"),
        false));
  }

  /** The file as a download, never shown inline: a file is whatever a user uploaded. */
  @GetMapping("/api/attachments/{attachmentId}")
  void download(@PathVariable long attachmentId, HttpServletResponse response) throws IOException {
    Attachment a = service.visible(attachmentId);
    response.setContentType(a.contentType());
    response.setContentLengthLong(a.size());
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, Downloads.attachment("attachment-" + a.id(), a.fileName()));
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
    response.setHeader("Digest", "sha-256=" + a.sha256());
    OutputStream out = response.getOutputStream();
    service.copy(a, out);
    out.flush();
  }

  @ExceptionHandler(AttachmentService.TooLarge.class)
  ProblemDetail tooLarge(AttachmentService.TooLarge e) {
    return problem(HttpStatus.PAYLOAD_TOO_LARGE, "文件过大", e.getMessage());
  }

  @ExceptionHandler(AttachmentService.Unsupported.class)
  ProblemDetail unsupported(AttachmentService.Unsupported e) {
    return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "文件类型不受支持", e.getMessage());
  }

  private static ProblemDetail problem(HttpStatus status, String title, String message) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, "文件：" + message);
    p.setTitle(title);
    p.setProperty("errors", List.of(new FieldProblem("file", "文件", message)));
    return p;
  }
}
