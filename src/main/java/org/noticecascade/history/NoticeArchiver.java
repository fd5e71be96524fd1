package org.noticecascade.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.noticecascade.attachment.AttachmentArchive;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.Notice;
import org.noticecascade.progress.ProgressArchive;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.NoticeSubject;
import org.springframework.stereotype.Component;

/**
 * A notice's archive, one zip streamed entry by entry: its progress workbook (the Excel export of the whole
 * cascade), its 留痕 as CSV, every file of the notice and its units with their list, and a manifest. Nothing of it is
 * held in memory beyond a page of rows or a chunk of a file; only the workbook's unit tree is read whole, as the
 * Excel export reads it.
 */
@Component
class NoticeArchiver {

  static final String MANIFEST = "manifest.json";
  static final String WORKBOOK = "progress.xlsx";
  static final String AUDIT = "audit.csv";
  static final String FILES = "files.csv";
  static final String FILES_DIR = "files/";

  /** Excel opens a UTF-8 CSV with its byte order mark as UTF-8, not in the machine's code page. */
  private static final char BOM = '\uFEFF';

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final ProgressArchive progress;
  private final AuditTrail audit;
  private final AttachmentArchive attachments;

  NoticeArchiver(ProgressArchive progress, AuditTrail audit, AttachmentArchive attachments) {
    this.progress = progress;
    this.audit = audit;
    this.attachments = attachments;
  }

  /** A download name for the archive: 文号 and title, like the Excel export's. */
  static String fileName(Notice n) {
    return NoticeSubject.shortName(n.docNumber(), n.title()) + "-归档.zip";
  }

  /** Writes the archive of {@code notice} to {@code out}, which it finishes but leaves open. */
  void write(Notice notice, LocalDateTime endedAt, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(CloseShieldOutputStream.wrap(out), StandardCharsets.UTF_8);

    zip.putNextEntry(new ZipEntry(WORKBOOK));
    ProgressArchive.Figures figures = progress.writeWorkbook(notice, zip);
    zip.closeEntry();

    zip.putNextEntry(new ZipEntry(AUDIT));
    long steps;
    try (CSVPrinter csv = printer(zip, "时间", "步骤", "步骤代码", "单位代码", "单位", "操作人账号", "操作人",
        "操作人单位代码", "操作人单位", "内容")) {
      steps = audit.eachOfNotice(notice.id(), e -> print(csv, e.at(), e.stepLabel(), e.step(), e.unitCode(),
          e.unitName(), e.actor(), e.actorName(), e.actorUnit(), e.actorUnitName(), e.detail()));
    }
    zip.closeEntry();

    // the list first (rows of metadata, a page at a time), then each file's content as an entry of its own
    zip.putNextEntry(new ZipEntry(FILES));
    long[] bytes = {0};
    long files;
    try (CSVPrinter csv = printer(zip, "归档路径", "单位代码", "类别", "文件名", "类型", "字节数", "SHA-256", "正文",
        "上传人", "上传时间")) {
      files = attachments.eachFile(notice.id(), f -> {
        print(csv, pathOf(f), f.unitCode(), f.ownerKind(), f.fileName(), f.contentType(), f.size(), f.sha256(),
            f.main() ? "是" : "", f.uploadedBy(), f.uploadedAt());
        bytes[0] += f.size();
      });
    }
    zip.closeEntry();
    attachments.eachFile(notice.id(), f -> {
      zip.putNextEntry(new ZipEntry(pathOf(f)));
      attachments.copy(f, zip);
      zip.closeEntry();
    });

    zip.putNextEntry(new ZipEntry(MANIFEST));
    JSON.writeValue(CloseShieldOutputStream.wrap(zip), manifest(notice, endedAt, figures, steps, files, bytes[0]));
    zip.closeEntry();
    zip.finish();
  }

  private static Map<String, Object> manifest(Notice n, LocalDateTime endedAt, ProgressArchive.Figures figures,
      long steps, long files, long bytes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "notice-cascade-archive/1");
    m.put("archivedAt", EngineClock.now());
    m.put("timeZone", EngineClock.zone().getId());
    Map<String, Object> notice = new LinkedHashMap<>();
    notice.put("id", n.id());
    notice.put("docNumber", n.docNumber());
    notice.put("title", n.title());
    notice.put("issuerUnit", n.issuerUnit());
    notice.put("issuerUnitName", n.issuerUnitName());
    notice.put("issuedOn", n.issuedOn());
    notice.put("summary", n.summary());
    notice.put("addresseeKinds", n.addresseeKinds());
    notice.put("addresseeUnits", n.addresseeUnits());
    notice.put("ccUnits", n.ccUnits());
    notice.put("reportDueDate", n.reportDueDate());
    notice.put("status", n.status().name());
    notice.put("createdBy", n.createdBy());
    notice.put("createdAt", n.createdAt());
    notice.put("processInstanceId", n.processInstanceId());
    notice.put("endedAt", endedAt);
    if (n.ending() != null) {
      notice.put("closedBy", n.ending().closedBy());
      notice.put("closedAt", n.ending().closedAt());
      notice.put("closeReason", n.ending().closeReason());
    }
    m.put("notice", notice);
    m.put("progress", figures);
    m.put("counts", Map.of("auditSteps", steps, "files", files, "fileBytes", bytes));
    m.put("entries", Map.of(WORKBOOK, "落实情况（Excel 导出，全部收文单位）", AUDIT, "留痕（全部步骤，按时间）",
        FILES, "附件清单（通知的与各单位的）", FILES_DIR, "附件原文件，按单位（notice：通知本身的）"));
    return m;
  }

  /** Where a file lies in the archive: by its unit (the notice's own under notice/), its id keeping names apart. */
  static String pathOf(AttachmentArchive.File f) {
    String safe = f.fileName().replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
    return FILES_DIR + (f.unitCode() == null ? "notice" : f.unitCode()) + "/" + f.id() + "-" + safe;
  }

  /** A CSV entry's printer; closing it ends the writer but leaves the zip open. */
  private static CSVPrinter printer(ZipOutputStream zip, String... header) throws IOException {
    Writer w = new OutputStreamWriter(CloseShieldOutputStream.wrap(zip), StandardCharsets.UTF_8);
    w.write(BOM);
    return new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).get());
  }

  private static void print(CSVPrinter csv, Object... values) {
    for (int i = 0; i < values.length; i++) {
      // a text a clerk typed must not become a formula when the CSV is opened in a spreadsheet
      if (values[i] instanceof String text && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
        values[i] = "'" + text;
      }
    }
    try {
      csv.printRecord(values);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
