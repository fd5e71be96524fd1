package org.noticecascade.progress;

import org.noticecascade.support.NoticeSubject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.Notice;
import org.noticecascade.progress.ProgressService.Counts;
import org.noticecascade.progress.ProgressService.Figures;
import org.noticecascade.progress.ProgressService.Node;

/**
 * A notice's progress as an Excel workbook: 汇总, 单位明细, 学习活动, 报告内容, 抄送阅知 and 留痕. Rows stream through SXSSF, so a
 * national cascade (about 100,000 units) holds a window of rows in memory rather than the whole workbook.
 * Texts from notices and reports are always written as strings, so "=…" never becomes a formula.
 */
final class ProgressWorkbook {

  static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  static final String SUMMARY = "汇总";
  static final String UNITS = "单位明细";
  static final String STUDIES = "学习活动";
  static final String REPORTS = "报告内容";
  static final String COPIES = "抄送阅知";
  static final String AUDIT = "留痕";

  /** The study form's labels for 活动形式. */
  private static final Map<String, String> STUDY_FORMS = Map.of("seminar", "专题学习会", "lecture", "辅导报告会",
      "training", "培训", "outreach", "宣讲", "other", "其他");

  private final ProgressService.Export export;
  private final SXSSFWorkbook workbook;
  private final CellStyle title;
  private final CellStyle header;
  private final CellStyle label;
  private final CellStyle plain;
  private final CellStyle wrapped;
  private final CellStyle date;
  private final CellStyle time;
  private final CellStyle rate;

  private ProgressWorkbook(ProgressService.Export export, SXSSFWorkbook workbook) {
    this.export = export;
    this.workbook = workbook;
    Font bold = workbook.createFont();
    bold.setBold(true);
    Font big = workbook.createFont();
    big.setBold(true);
    big.setFontHeightInPoints((short) 14);
    title = style(null);
    title.setFont(big);
    label = style(null);
    label.setFont(bold);
    header = style(null);
    header.setFont(bold);
    header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
    header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    plain = style(null);
    wrapped = style(null);
    wrapped.setWrapText(true);
    date = style("yyyy-mm-dd");
    time = style("yyyy-mm-dd hh:mm");
    rate = style("0.0%");
  }

  private CellStyle style(String format) {
    CellStyle s = workbook.createCellStyle();
    // long report texts make tall rows: the other cells of the row read best from the top
    s.setVerticalAlignment(VerticalAlignment.TOP);
    if (format != null) {
      s.setDataFormat(workbook.createDataFormat().getFormat(format));
    }
    return s;
  }

  static byte[] write(ProgressService.Export export) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(export, out);
    return out.toByteArray();
  }

  /** Writes the workbook to {@code out}, which stays open (an archive writes it as one entry of its zip). */
  static void write(ProgressService.Export export, OutputStream out) throws IOException {
    // closing the streaming workbook deletes its temporary files
    try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
      ProgressWorkbook w = new ProgressWorkbook(export, workbook);
      w.summary();
      w.units();
      w.studies();
      w.reports();
      w.copies();
      w.audit();
      workbook.write(CloseShieldOutputStream.wrap(out));
    }
  }

  private void summary() {
    Notice n = export.progress().notice();
    Rows s = new Rows(SUMMARY, 30, 24, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11);
    s.row().styled(title, NoticeSubject.shortName(n.docNumber(), n.title()) + " 落实情况汇总");
    s.sheet.createFreezePane(0, 1);
    s.skip();
    s.row().label("文号").text(NoticeSubject.number(n.docNumber()));
    s.row().label("标题").text(n.title());
    s.row().label("发文单位").text(n.issuerUnitName());
    s.row().label("报告截止日期").date(n.reportDueDate());
    s.row().label("导出范围").text(export.whole() ? "全部收文单位" : export.rootName() + "及其下级单位");
    s.row().label("导出时间").time(export.exportedAt());
    s.row().label("通知状态").text(NoticeState.of(n));

    s.skip();
    s.row().label("各层级落实情况");
    s.header("层级", "单位数", "已签收", Rate.ACKNOWLEDGED.label, "已传达", Rate.RELAYED.label, "应报告", "已报告",
        Rate.REPORTED.label, "已通过", Rate.ACCEPTED.label, Rate.COMPLETED.label, "退回中", "逾期", "其中逾期未办结");
    Map<Integer, Tally> levels = new TreeMap<>();
    for (Node node : export.progress().units()) {
      levels.computeIfAbsent(node.unit().level(), level -> new Tally()).add(Tally.of(node.unit()));
    }
    levels.forEach((level, t) -> levelRow(s.row().number(level), t.counts(), t.figures()));
    levelRow(s.row().label("合计"), export.progress().totals(), export.progress().figures());
    s.row().text("签收率以单位数为分母，传达率以有下级可传达的单位为分母，报告率、办结率以应报告单位数为分母，"
        + "审核通过率以已报告单位数为分母；逾期指已过报告截止日期仍未报告，其中逾期未办结指催办期满仍未报告。");

    // 抄送 units read the notice only: counted apart, never in the cascade's figures above
    ProgressService.Copies cc = export.progress().copies();
    s.skip();
    s.row().label("抄送单位阅知情况");
    s.header("抄送单位数", "已阅知", Rate.READ.label);
    s.row().number(cc.copied()).number(cc.read()).rate(Rate.READ.part(cc), Rate.READ.whole(cc));

    s.skip();
    s.row().label(export.whole() ? "各主送单位落实情况" : export.rootName() + "各下级单位落实情况");
    s.header("单位", "下级单位总数（含本单位）", Rate.ACKNOWLEDGED.label, Rate.REPORTED.label, Rate.ACCEPTED.label,
        Rate.COMPLETED.label, "逾期单位数");
    for (Node node : export.progress().units()) {
      if (node.unit().superiorCode().equals(export.progress().rootUnit())) {
        Counts c = node.subtree();
        Figures f = node.figures();
        s.row().text(node.unit().unitName()).number(c.reached()).rate(Rate.ACKNOWLEDGED, c, f)
            .rate(Rate.REPORTED, c, f).rate(Rate.ACCEPTED, c, f).rate(Rate.COMPLETED, c, f).number(f.overdue());
      }
    }
  }

  private void copies() {
    Rows r = new Rows(COPIES, 12, 30, 17, 17, 14);
    r.table("单位代码", "单位名称", "收文时间", "阅知时间", "阅知人");
    for (CcRepository.CcUnit u : export.progress().copies().units()) {
      r.row().text(u.unitCode()).text(u.unitName()).time(u.receivedAt()).time(u.readAt()).text(u.readBy());
    }
    r.filter();
  }

  /** Every step of the units exported, oldest first; a note row says when the cap cut it short. */
  private void audit() {
    Rows r = new Rows(AUDIT, 17, 10, 12, 30, 24, 30, 80);
    r.table("时间", "环节", "单位代码", "单位名称", "办理人", "办理人单位", "内容");
    int written = 0;
    for (AuditTrail.Entry e : export.audit()) {
      if (written++ == ProgressService.Export.AUDIT_ROWS) {
        r.row().text("仅列出最早的 " + ProgressService.Export.AUDIT_ROWS + " 条，其余请按单位查看留痕");
        break;
      }
      r.row().time(e.at()).text(e.stepLabel()).text(e.unitCode()).text(e.unitName()).text(e.actorName())
          .text(e.actorUnitName()).wrapped(e.detail());
    }
    r.filter();
  }

  private static void levelRow(Rows r, Counts c, Figures f) {
    r.number(c.reached()).number(c.acknowledged()).rate(Rate.ACKNOWLEDGED, c, f)
        .number(c.relayed()).rate(Rate.RELAYED, c, f)
        .number(c.mustReport()).number(c.reported()).rate(Rate.REPORTED, c, f)
        .number(c.accepted()).rate(Rate.ACCEPTED, c, f).rate(Rate.COMPLETED, c, f)
        .number(c.returned()).number(f.overdue()).number(f.overdueUnclosed());
  }

  private void units() {
    Rows r = new Rows(UNITS, 6, 12, 30, 13, 60, 8, 13, 17, 17, 17, 17, 17, 17, 9, 11, 13, 10, 40, 20, 50);
    r.table("层级", "单位代码", "单位名称", "上级单位代码", "路径", "状态", "报告截止日期", "收文时间", "签收时间",
        "传达时间", "学习时间", "报告时间", "通过时间", "退回次数", "传达下级数", "逾期工作日数", "报告要求",
        "不再下发理由", "转发文号", "转发标题");
    for (Node node : export.progress().units()) {
      UnitProgress u = node.unit();
      r.row().number(u.level()).text(u.unitCode()).text(u.unitName()).text(u.superiorCode())
          .text(export.paths().get(u.unitCode())).text(u.status().label()).date(u.reportDueDate())
          .time(u.receivedAt()).time(u.acknowledgedAt()).time(u.relayedAt()).time(u.studiedAt())
          .time(u.reportedAt()).time(u.acceptedAt()).number(u.returnCount()).number(u.relayCount())
          .number(node.daysLate()).text(reporting(u)).wrapped(u.relayKeepReason()).text(u.relayDocNumber())
          .wrapped(u.relayTitle());
    }
    r.filter();
  }

  /** 需报告, or 仅学习 for a unit that studies (and may relay) without reporting. */
  static String reporting(UnitProgress u) {
    return u.mustReport() ? "需报告" : "仅学习";
  }

  private void studies() {
    Rows r = new Rows(STUDIES, 30, 12, 12, 10, 60, 14, 17);
    r.table("单位", "形式", "日期", "参加人数", "情况", "登记人", "登记时间");
    for (ProgressQueries.Study s : export.studies()) {
      r.row().text(s.unitName()).text(STUDY_FORMS.getOrDefault(s.form(), s.form())).date(s.date())
          .number(s.participants()).wrapped(s.summary()).text(s.recordedBy()).time(s.recordedAt());
    }
    r.filter();
  }

  private void reports() {
    Rows r = new Rows(REPORTS, 30, 8, 17, 13, 10, 80, 9, 40);
    r.table("单位", "状态", "报告时间", "学习活动次数", "参加人次", "报告内容", "退回次数", "最近退回理由");
    for (Node node : export.progress().units()) {
      UnitProgress u = node.unit();
      // a returned report keeps its text and time until the unit reports again
      if (u.reportedAt() != null) {
        r.row().text(u.unitName()).text(u.status().label()).time(u.reportedAt()).number(u.reportActivityCount())
            .number(u.reportParticipantCount()).wrapped(u.reportText()).number(u.returnCount())
            .wrapped(u.returnReason());
      }
    }
    r.filter();
  }

  /** Writes one sheet row by row, left to right; an absent value leaves its cell empty. */
  private final class Rows {

    private final Sheet sheet;
    private int next;
    private int columns;
    private Row row;
    private int col;

    /** Widths in characters, set explicitly: measuring text would need the fonts on the server. */
    Rows(String name, int... widths) {
      sheet = workbook.createSheet(name);
      for (int i = 0; i < widths.length; i++) {
        sheet.setColumnWidth(i, widths[i] * 256);
      }
    }

    Rows row() {
      row = sheet.createRow(next++);
      col = 0;
      return this;
    }

    void skip() {
      next++;
    }

    void header(String... texts) {
      row();
      for (String t : texts) {
        styled(header, t);
      }
      columns = Math.max(columns, texts.length);
    }

    /** A list sheet: the header on the first row stays in view. */
    void table(String... texts) {
      header(texts);
      sheet.createFreezePane(0, 1);
    }

    void filter() {
      sheet.setAutoFilter(new CellRangeAddress(0, Math.max(next - 1, 0), 0, columns - 1));
    }

    private Cell cell(CellStyle style) {
      Cell c = row.createCell(col++);
      c.setCellStyle(style);
      return c;
    }

    Rows styled(CellStyle style, String text) {
      cell(style).setCellValue(text);
      return this;
    }

    Rows label(String text) {
      return styled(label, text);
    }

    Rows text(String text) {
      if (text == null) {
        col++;
      } else {
        cell(plain).setCellValue(text);
      }
      return this;
    }

    Rows wrapped(String text) {
      if (text == null) {
        col++;
      } else {
        cell(wrapped).setCellValue(text);
      }
      return this;
    }

    Rows number(Integer n) {
      if (n == null) {
        col++;
      } else {
        cell(plain).setCellValue(n);
      }
      return this;
    }

    Rows date(LocalDate d) {
      if (d == null) {
        col++;
      } else {
        cell(date).setCellValue(d);
      }
      return this;
    }

    Rows time(LocalDateTime t) {
      if (t == null) {
        col++;
      } else {
        cell(time).setCellValue(t);
      }
      return this;
    }

    /** A share as a number formatted 0.0%; a dash where there is nothing to divide by. */
    Rows rate(Rate r, Counts c, Figures f) {
      return rate(r.part(c, f), r.whole(c, f));
    }

    Rows rate(int part, int whole) {
      if (whole == 0) {
        cell(plain).setCellValue("—");
      } else {
        cell(rate).setCellValue((double) part / whole);
      }
      return this;
    }
  }
}
