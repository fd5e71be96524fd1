package org.noticecascade.orgdirectory;

import java.io.InputStream;
import java.util.List;

/**
 * Reads the people CSV: header {@code userId,name,unitCode,role,email,mobile,wecomUserId,dingtalkUserId,active}
 * (the first four required; the others may be missing from the header or empty), in UTF-8 (with or without BOM) or
 * GBK.
 */
final class PersonCsv {

  static final List<String> REQUIRED = List.of("userId", "name", "unitCode", "role");

  record Row(int line, String userId, String name, String unitCode, String role, String email, String mobile,
             String wecomUserId, String dingtalkUserId, String active) {
  }

  private PersonCsv() {
  }

  static List<Row> parse(InputStream in) {
    return CsvFiles.read(in, REQUIRED, "文件中没有人员").stream()
        .map(l -> new Row(l.number(), l.get("userId"), l.get("name"), l.get("unitCode"), l.get("role"),
            l.get("email"), l.get("mobile"), l.get("wecomUserId"), l.get("dingtalkUserId"), l.get("active")))
        .toList();
  }
}
