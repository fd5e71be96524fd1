package org.noticecascade.orgdirectory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;

/**
 * Reads the unit CSV: header {@code code,name,kind,parentCode}, optionally the unit's channels
 * ({@link #CHANNEL_COLUMNS}) and {@code action} ({@code remove} or 删除 removes the unit). Excel saves it as UTF-8 with a BOM or as GBK;
 * both are accepted. The file is read as a stream, never whole: its encoding is told from its first bytes, and a
 * later byte that does not fit it is refused (every row carries a Chinese name, so the start decides).
 */
final class UnitCsv {

  static final String[] HEADER = {"code", "name", "kind", "parentCode"};
  /** Optional: a column left out of the header leaves that value as stored; an empty cell clears it. */
  static final List<String> CHANNEL_COLUMNS = List.of("email", "phone", "robotUrl", "robotFormat", "robotSecret",
      "robotSecretRef");
  static final String ACTION = "action";
  private static final Charset GBK = Charset.forName("GBK");
  private static final int SNIFFED_BYTES = 64 * 1024;
  private static final String UNKNOWN_ENCODING = "文件编码无法识别，请保存为 UTF-8 或 GBK";

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
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).get();
    Charset charset = null;
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, SNIFFED_BYTES);
      charset = detect(buffered);
      CSVParser parser = format.parse(new InputStreamReader(buffered, strict(charset)));
      List<String> header = parser.getHeaderNames();
      for (String column : HEADER) {
        if (!header.contains(column)) {
          throw new InputException(List.of(new FieldProblem("header", "表头",
              "缺少列 " + column + "（表头应为 code,name,kind,parentCode）")));
        }
      }
      List<String> channelColumns = CHANNEL_COLUMNS.stream().filter(header::contains).toList();
      List<Row> rows = new ArrayList<>();
      for (CSVRecord r : parser) {
        // the header is line 1; records count from line 2
        int line = (int) r.getRecordNumber() + 1;
        Map<String, String> channel = new LinkedHashMap<>();
        channelColumns.forEach(c -> channel.put(c, get(r, c)));
        rows.add(new Row(line, get(r, "code"), get(r, "name"), get(r, "kind"), get(r, "parentCode"), channel,
            get(r, ACTION)));
      }
      if (rows.isEmpty()) {
        throw fileProblem("文件中没有单位");
      }
      return rows;
    } catch (CharacterCodingException | UncheckedIOException e) {
      if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
        // the decoder reads ahead of the parser, so the line cannot be told exactly
        String name = charset == null ? "" : charset.displayName();
        throw fileProblem("文件前部为 " + name + " 编码，后部却有文字不是 " + name
            + " 编码；请将整个文件保存为同一种编码（UTF-8 或 GBK）");
      }
      throw fileProblem("CSV 格式错误：" + e.getMessage());
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      throw fileProblem("CSV 格式错误：" + e.getMessage());
    }
  }

  /** A problem of the file as a whole (the form has no field to label it). */
  static InputException fileProblem(String message) {
    return new InputException(List.of(new FieldProblem("file", "文件", message)));
  }

  private static String get(CSVRecord r, String column) {
    return r.isSet(column) ? r.get(column) : "";
  }

  /**
   * UTF-8 (its byte order mark skipped) or GBK, whichever the first bytes are valid in; the stream is left at the
   * first character.
   */
  private static Charset detect(BufferedInputStream in) throws IOException {
    in.mark(SNIFFED_BYTES);
    byte[] head = in.readNBytes(SNIFFED_BYTES);
    in.reset();
    boolean whole = head.length < SNIFFED_BYTES;
    int bom = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF
        ? 3 : 0;
    if (fits(StandardCharsets.UTF_8, head, bom, whole)) {
      in.skipNBytes(bom);
      return StandardCharsets.UTF_8;
    }
    if (fits(GBK, head, 0, whole)) {
      return GBK;
    }
    throw fileProblem(UNKNOWN_ENCODING);
  }

  /** Whether the bytes decode without error; a character cut at the end of a partial read is no error. */
  private static boolean fits(Charset charset, byte[] bytes, int offset, boolean whole) {
    CharBuffer out = CharBuffer.allocate(bytes.length);
    return !strict(charset).decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset), out, whole).isError();
  }

  private static CharsetDecoder strict(Charset charset) {
    return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}
