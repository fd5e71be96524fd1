package org.noticecascade.orgdirectory;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.noticecascade.form.InputException;

/**
 * Reads the unit CSV: header {@code code,name,kind,parentCode}, optionally the unit's channels
 * ({@link #CHANNEL_COLUMNS}) and {@code action} ({@code remove} or 删除 removes the unit), in UTF-8 (with or without
 * BOM) or GBK.
 */
final class UnitCsv {

  static final String[] HEADER = {"code", "name", "kind", "parentCode"};
  /** Optional: a column left out of the header leaves that value as stored; an empty cell clears it. */
  static final List<String> CHANNEL_COLUMNS = List.of("email", "phone", "robotUrl", "robotFormat", "robotSecret",
      "robotSecretRef");
  static final String ACTION = "action";

  /**
   * @param channel the channel columns the file has, by column name (absent: the file has no such column)
   * @param action the action cell, empty for "create or update"
   */
  record Row(int line, String code, String name, String kind, String parentCode, Map<String, String> channel,
             String action) {

    Row(int line, String code, String name, String kind, String parentCode) {
      this(line, code, name, kind, parentCode, Map.of(), "");
    }
  }

  private UnitCsv() {
  }

  static List<Row> parse(InputStream in) {
    return CsvFiles.read(in, List.of(HEADER), "文件中没有单位").stream().map(l -> {
      Map<String, String> channel = new LinkedHashMap<>();
      CHANNEL_COLUMNS.stream().filter(c -> l.record().isMapped(c)).forEach(c -> channel.put(c, l.get(c)));
      return new Row(l.number(), l.get("code"), l.get("name"), l.get("kind"), l.get("parentCode"), channel,
          l.get(ACTION));
    }).toList();
  }

  /** A problem of the file as a whole (the form has no field to label it). */
  static InputException fileProblem(String message) {
    return CsvFiles.fileProblem(message);
  }
}
