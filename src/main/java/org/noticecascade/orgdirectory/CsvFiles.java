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
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.noticecascade.form.FieldProblem;
import org.noticecascade.form.InputException;

/**
 * Reads the directory's CSV files (units, people) as Excel saves them: UTF-8 with or without a BOM, or GBK. The
 * file is read as a stream, never whole: its encoding is told from its first bytes, and a later byte that does not
 * fit it is refused (every row carries a Chinese name, so the start decides).
 */
final class CsvFiles {

  /** One record of the file; {@code number} is its line as a spreadsheet shows it (the header is line 1). */
  record Line(int number, CSVRecord record) {

    /** The column's trimmed value, empty when the column or value is missing. */
    String get(String column) {
      return record.isSet(column) ? record.get(column) : "";
    }
  }

  private static final Charset GBK = Charset.forName("GBK");
  private static final int SNIFFED_BYTES = 64 * 1024;
  private static final String UNKNOWN_ENCODING = "文件编码无法识别，请保存为 UTF-8 或 GBK";

  private CsvFiles() {
  }

  /**
   * The file's records, after checking that the header has every required column.
   *
   * @param header the columns every file must have, named in the error as the expected header
   * @param empty the error when the file has no record
   */
  static List<Line> read(InputStream in, List<String> header, String empty) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).get();
    Charset charset = null;
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, SNIFFED_BYTES);
      charset = detect(buffered);
      CSVParser parser = format.parse(new InputStreamReader(buffered, strict(charset)));
      List<String> names = parser.getHeaderNames();
      for (String column : header) {
        if (!names.contains(column)) {
          throw new InputException(List.of(new FieldProblem("header", "表头",
              "缺少列 " + column + "（表头应包含 " + String.join(",", header) + "）")));
        }
      }
      List<Line> lines = new ArrayList<>();
      for (CSVRecord r : parser) {
        // the header is line 1; records count from line 2
        lines.add(new Line((int) r.getRecordNumber() + 1, r));
      }
      if (lines.isEmpty()) {
        throw fileProblem(empty);
      }
      return lines;
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

  /**
   * Problems as the answer names them: a file with thousands of bad lines answers with the first hundred, not a
   * message of megabytes. Throws when there is any.
   */
  static void refuse(List<FieldProblem> problems) {
    int named = 100;
    if (problems.size() > named) {
      int more = problems.size() - named;
      problems = new ArrayList<>(problems.subList(0, named));
      problems.add(new FieldProblem("file", "文件", "另有 " + more + " 处问题未列出，请改正以上各行后重新导入"));
    }
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
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
