package org.noticecascade.orgdirectory;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.noticecascade.support.NotFoundException;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

@RestController
@RequestMapping("/api/units")
class UnitController {

  /**
   * @param active false for a removed unit (kept for the notices that name it)
   * @param channel the unit's channels, for administrators only
   */
  record UnitView(String code, String name, String kind, String kindLabel, String parentCode, String groupId,
                  int childCount, boolean active, @JsonInclude(JsonInclude.Include.NON_NULL) ChannelView channel) {
  }

  /**
   * A unit's channels as an administrator sees them: never the robot's secret nor its key (the URL is masked,
   * {@link ChannelCells#maskedUrl}); whether a secret is set, and the name of the variable that holds it.
   */
  record ChannelView(String email, String phone, String robotUrl, String robotFormat, boolean robotSecretSet,
                     String robotSecretRef) {
  }

  static final long MAX_CSV = 10L * 1024 * 1024;

  private final UnitRepository units;
  private final UnitImportService importer;
  /**
   * An upload's limit, the same for a CSV body as for a multipart file: 10 MB, below the multipart limit that
   * attachments need (spring.servlet.multipart.max-file-size).
   */
  private final long maxUpload;

  UnitController(UnitRepository units, UnitImportService importer, MultipartProperties multipart) {
    this.units = units;
    this.importer = importer;
    this.maxUpload = Math.min(multipart.getMaxFileSize().toBytes(), MAX_CSV);
  }

  /** The roots, or the children of {@code parent}: the tree is browsed level by level, never listed whole. */
  @GetMapping
  List<UnitView> list(@RequestParam(required = false) String parent) {
    List<Unit> found = parent == null ? units.roots() : units.children(parent);
    // children and roots are the units still in the directory
    return found.stream().map(u -> view(u, true, null)).toList();
  }

  @GetMapping("/{code}")
  UnitView get(@PathVariable String code) {
    Unit unit = units.find(code).orElseThrow(() -> new NotFoundException("单位 " + code + " 不存在"));
    boolean active = units.inactiveAmong(List.of(code)).isEmpty();
    if (!importer.administrator()) {
      return view(unit, active, null);
    }
    ChannelView channel = units.channels(List.of(code)).values().stream().findFirst()
        .map(c -> new ChannelView(c.email(), c.phone(), ChannelCells.maskedUrl(c.robotUrl()), c.robotFormat(),
            c.robotSecret() != null, c.robotSecretRef()))
        .orElse(new ChannelView(null, null, null, null, false, null));
    return view(unit, active, channel);
  }

  /**
   * Removes a unit (administrators): refused while it has units below it or an open notice involves it. It is kept,
   * inactive, for the notices that name it; its groups lose their members.
   */
  @DeleteMapping("/{code}")
  Map<String, Integer> remove(@PathVariable String code) {
    return result(importer.remove(code));
  }

  /** The file as a form's upload; the multipart is resolved lazily (application.yaml), after the check. */
  @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Map<String, Integer> importFile(MultipartHttpServletRequest request) throws IOException {
    importer.requireAdministrator();
    MultipartFile file = request.getFile("file");
    if (file == null) {
      throw UnitCsv.fileProblem("请以表单字段 file 上传单位文件（CSV）");
    }
    if (file.getSize() > maxUpload) {
      throw new MaxUploadSizeExceededException(maxUpload);
    }
    try (InputStream in = file.getInputStream()) {
      return result(importer.importCsv(in));
    }
  }

  /** The file as the request's body, read as it arrives and never more than the upload limit. */
  @PostMapping(path = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
  Map<String, Integer> importBody(HttpServletRequest request) throws IOException {
    importer.requireAdministrator();
    try (InputStream in = new Bounded(request.getInputStream(), maxUpload)) {
      return result(importer.importCsv(in));
    }
  }

  private static Map<String, Integer> result(UnitImportService.Result r) {
    return Map.of("created", r.created(), "updated", r.updated(), "moved", r.moved(), "removed", r.removed());
  }

  private UnitView view(Unit u, boolean active, ChannelView channel) {
    return new UnitView(u.code(), u.name(), u.kind().name(), u.kind().label(), u.parentCode(), u.groupId(),
        units.childCount(u.code()), active, channel);
  }

  /** Fails (413) as soon as more than {@code limit} bytes have been read. */
  static final class Bounded extends FilterInputStream {

    private final long limit;
    private long read;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) {
      read += n;
      if (read > limit) {
        throw new MaxUploadSizeExceededException(limit);
      }
    }
  }
}
