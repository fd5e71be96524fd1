package org.noticecascade.orgdirectory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.noticecascade.support.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/units")
class UnitController {

  record UnitView(String code, String name, String kind, String kindLabel, String parentCode, String groupId,
                  int childCount) {
  }

  private final UnitRepository units;
  private final UnitImportService importer;

  UnitController(UnitRepository units, UnitImportService importer) {
    this.units = units;
    this.importer = importer;
  }

  /** The roots, or the children of {@code parent}: the tree is browsed level by level, never listed whole. */
  @GetMapping
  List<UnitView> list(@RequestParam(required = false) String parent) {
    List<Unit> found = parent == null ? units.roots() : units.children(parent);
    return found.stream().map(this::view).toList();
  }

  @GetMapping("/{code}")
  UnitView get(@PathVariable String code) {
    return units.find(code).map(this::view).orElseThrow(() -> new NotFoundException("单位 " + code + " 不存在"));
  }

  @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Map<String, Integer> importFile(@RequestPart("file") MultipartFile file) throws IOException {
    return result(importer.importCsv(file.getBytes()));
  }

  @PostMapping(path = "/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
  Map<String, Integer> importBody(@RequestBody byte[] csv) {
    return result(importer.importCsv(csv));
  }

  private static Map<String, Integer> result(UnitImportService.Result r) {
    return Map.of("created", r.created(), "updated", r.updated());
  }

  private UnitView view(Unit u) {
    return new UnitView(u.code(), u.name(), u.kind().name(), u.kind().label(), u.parentCode(), u.groupId(),
        units.childCount(u.code()));
  }
}
