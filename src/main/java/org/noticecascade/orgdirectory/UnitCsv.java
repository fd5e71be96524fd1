package org.noticecascade.orgdirectory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;

/**
 * Reads the unit CSV: header {@code code,name,kind,parentCode}. Excel saves it as UTF-8 with a BOM or as GBK;
 * both are accepted.
 */
final class UnitCsv {

  static final String[] HEADER = {"code", "name", "kind", "parentCode"};
  private static final Charset GBK = Charset.forName("GBK");

  record Row(int line, String code, String name, String kind, String parentCode) {
  }

  private UnitCsv() {
  }

  static List<Row> parse(byte[] bytes) {
    String text = decode(bytes);
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).get();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = parser.getHeaderNames();
      for (String column : HEADER) {
        if (!header.contains(column)) {
          throw new InputException("header", "缺少列 " + column + "（表头应为 code,name,kind,parentCode）");
        }
      }
      List<Row> rows = new ArrayList<>();
      for (CSVRecord r : parser) {
        // the header is line 1; records count from line 2
        int line = (int) r.getRecordNumber() + 1;
        rows.add(new Row(line, get(r, "code"), get(r, "name"), get(r, "kind"), get(r, "parentCode")));
      }
      if (rows.isEmpty()) {
        throw new InputException("file", "文件中没有单位");
      }
      return rows;
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      throw new InputException(List.of(new FieldProblem("file", "CSV 格式错误：" + e.getMessage())));
    }
  }

  private static String get(CSVRecord r, String column) {
    return r.isSet(column) ? r.get(column) : "";
  }

  static String decode(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buffer).toString();
    } catch (CharacterCodingException notUtf8) {
      try {
        return GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException notGbk) {
        throw new InputException("file", "文件编码无法识别，请保存为 UTF-8 或 GBK");
      }
    }
  }
}
