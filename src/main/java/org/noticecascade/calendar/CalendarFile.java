package org.noticecascade.calendar;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one calendar file: {@code date,type,name[,status]}, lines starting with {@code #} are comments. A bad file
 * is refused whole, naming each bad line in Chinese and English, because a calendar that is silently half read
 * moves every deadline.
 */
final class CalendarFile {

  /** One listed day: an exception to the weekend rule. */
  record Day(LocalDate date, boolean working, String name, boolean provisional, String source) {
  }

  private static final Charset GBK = Charset.forName("GBK");
  // Excel re-saves ISO dates as 2026/2/14; both spellings are the same day
  private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
      DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("uuuu/M/d").withResolverStyle(ResolverStyle.STRICT));

  private CalendarFile() {
  }

  /** The days a file lists, in file order, each date once. */
  static List<Day> read(String source, byte[] bytes) {
    String text = decode(source, bytes);
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
        .setIgnoreEmptyLines(true).setTrim(true).get();
    List<String> problems = new ArrayList<>();
    Map<LocalDate, Day> days = new LinkedHashMap<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = parser.getHeaderNames();
      if (!header.contains("date") || !header.contains("type")) {
        throw bad(source, List.of("表头应为 date,type,name[,status]，实际为 " + header
            + " / the header must be date,type,name[,status], found " + header));
      }
      for (CSVRecord r : parser) {
        int line = lineOf(text, r.getCharacterPosition());
        Day day = parse(r, source + ":" + line, problems, line);
        if (day == null) {
          continue;
        }
        Day earlier = days.putIfAbsent(day.date(), day);
        if (earlier != null && earlier.working() != day.working()) {
          problems.add(at(line, day.date() + " 与 " + earlier.source() + " 矛盾（一个放假一个上班）",
              day.date() + " contradicts " + earlier.source() + " (one says holiday, the other workday)"));
        }
      }
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      throw bad(source, List.of("CSV 格式错误 / malformed CSV: " + e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw bad(source, problems);
    }
    return List.copyOf(days.values());
  }

  private static Day parse(CSVRecord r, String where, List<String> problems, int line) {
    String dateText = value(r, "date");
    String typeText = value(r, "type");
    String statusText = value(r, "status");
    LocalDate date = parseDate(dateText);
    if (date == null) {
      problems.add(at(line, "日期 \"" + dateText + "\" 无法识别，应为 2026-02-14 这样的格式",
          "bad date \"" + dateText + "\", expected e.g. 2026-02-14"));
    }
    Boolean working = switch (typeText.toLowerCase(Locale.ROOT)) {
      case "holiday", "放假" -> false;
      case "workday", "上班" -> true;
      default -> null;
    };
    if (working == null) {
      problems.add(at(line, "未知类型 \"" + typeText + "\"，应为 holiday（放假）或 workday（上班）",
          "unknown type \"" + typeText + "\", expected holiday or workday"));
    }
    Boolean provisional = switch (statusText.toLowerCase(Locale.ROOT)) {
      case "", "official", "正式" -> false;
      case "provisional", "暂定" -> true;
      default -> null;
    };
    if (provisional == null) {
      problems.add(at(line, "未知状态 \"" + statusText + "\"，应为 official（正式）、provisional（暂定）或留空",
          "unknown status \"" + statusText + "\", expected official, provisional or empty"));
    }
    if (date == null || working == null || provisional == null) {
      return null;
    }
    return new Day(date, working, value(r, "name"), provisional, where);
  }

  private static LocalDate parseDate(String text) {
    for (DateTimeFormatter f : DATE_FORMATS) {
      try {
        return LocalDate.parse(text, f);
      } catch (DateTimeParseException tryNext) {
        // the next spelling
      }
    }
    return null;
  }

  private static String value(CSVRecord r, String column) {
    return r.isSet(column) ? r.get(column) : "";
  }

  // a record's position is where the comments before it start: skip them to name the record's own line
  private static int lineOf(String text, long position) {
    int p = (int) Math.min(position, text.length());
    int line = 1 + (int) text.substring(0, p).chars().filter(c -> c == '\n').count();
    while (p < text.length()) {
      int end = text.indexOf('\n', p);
      end = end < 0 ? text.length() : end;
      String content = text.substring(p, end).trim();
      if (!content.isEmpty() && !content.startsWith("#")) {
        break;
      }
      p = end + 1;
      line++;
    }
    return line;
  }

  private static String at(int line, String chinese, String english) {
    return "第 " + line + " 行：" + chinese + " / line " + line + ": " + english;
  }

  static IllegalStateException bad(String source, List<String> problems) {
    return new IllegalStateException("工作日历文件有误 / bad working-day calendar file " + source + "\n  "
        + String.join("\n  ", problems));
  }

  // Excel saves UTF-8 with a BOM, or GBK on Chinese Windows: take both
  private static String decode(String source, byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    for (Charset charset : List.of(StandardCharsets.UTF_8, GBK)) {
      try {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
      } catch (CharacterCodingException tryNext) {
        // the next encoding
      }
    }
    throw bad(source, List.of("编码无法识别，请保存为 UTF-8 或 GBK / unknown encoding, save it as UTF-8 or GBK"));
  }
}
