package org.noticecascade.orgdirectory;

import java.io.InputStream;
import java.util.List;
import org.noticecascade.form.InputException;

/** Reads the unit CSV: header {@code code,name,kind,parentCode}, in UTF-8 (with or without BOM) or GBK. */
final class UnitCsv {

  static final String[] HEADER = {"code", "name", "kind", "parentCode"};

  record Row(int line, String code, String name, String kind, String parentCode) {
  }

  private UnitCsv() {
  }

  static List<Row> parse(InputStream in) {
    return CsvFiles.read(in, List.of(HEADER), "文件中没有单位").stream()
        .map(l -> new Row(l.number(), l.get("code"), l.get("name"), l.get("kind"), l.get("parentCode")))
        .toList();
  }

  /** A problem of the file as a whole (the form has no field to label it). */
  static InputException fileProblem(String message) {
    return CsvFiles.fileProblem(message);
  }
}
