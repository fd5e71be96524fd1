package org.noticecascade.progress;

import org.noticecascade.support.Downloads;
import org.noticecascade.support.NoticeSubject;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.security.CurrentScope;
import org.noticecascade.security.Scope;
import org.noticecascade.support.ForbiddenException;
import org.noticecascade.form.InputException;
import org.noticecascade.support.NotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProgressController {

  /** 传达用时 of one level of a subtree, in hours: the units that relayed, their average and longest, the slowest. */
  record RelayTimeView(int level, int relayed, double averageRelayHours, double maxRelayHours, String slowestUnit,
                       String slowestUnitName) {

    static List<RelayTimeView> of(List<ProgressService.RelayTime> times) {
      return times.stream().map(t -> new RelayTimeView(t.level(), t.relayed(), t.averageSeconds() / 3600.0,
          t.maxSeconds() / 3600.0, t.slowestUnit(), t.slowestUnitName())).toList();
    }
  }

  /**
   * A subtree (the unit itself included): the counts with 应报告 ({@code mustReport}), the rates as {@link Rate}
   * defines them, 逾期, late reports, 督办 under way, study, and relay times by level.
   */
  record SubtreeView(int reached, int mustReport, int acknowledged, int relayed, int reported, int accepted,
                     int returned, int withSubordinates, int overdue, int reportedLate, int escalated,
                     long studyActivities, long studyParticipants, String acknowledgedRate, String relayedRate,
                     String reportedRate, String acceptedRate, String completedRate, List<RelayTimeView> relayTimes,
                     int overdueUnclosed) {

    static SubtreeView of(ProgressService.Counts c, ProgressService.Figures f) {
      return new SubtreeView(c.reached(), c.mustReport(), c.acknowledged(), c.relayed(), c.reported(), c.accepted(),
          c.returned(), f.withSubordinates(), f.overdue(), f.reportedLate(), f.escalated(), f.studyActivities(),
          f.studyParticipants(), Rate.ACKNOWLEDGED.text(c, f), Rate.RELAYED.text(c, f), Rate.REPORTED.text(c, f),
          Rate.ACCEPTED.text(c, f), Rate.COMPLETED.text(c, f), RelayTimeView.of(f.relayTimes()), f.overdueUnclosed());
    }
  }

  /**
   * A unit with its own state and deadline flags, and its subtree. mustReport: 需报告 or 仅学习; relayKeptAt and
   * relayKeepReason: it chose 本单位学习，不再下发. relayDocNumber (may be null) and relayTitle: its own 转发.
   */
  record UnitView(String unitCode, String unitName, String superiorCode, int level, UnitStatus status,
                  String statusLabel, LocalDate reportDueDate, LocalDateTime receivedAt, LocalDateTime acknowledgedAt,
                  LocalDateTime relayedAt, LocalDateTime studiedAt, LocalDateTime reportedAt, LocalDateTime acceptedAt,
                  int returnCount, Integer relayCount, boolean overdue, LocalDateTime overdueAt, int daysLate,
                  boolean reportedLate, boolean escalated, LocalDateTime escalatedAt, int remindersSent,
                  boolean mustReport, LocalDateTime relayKeptAt, String relayKeepReason, SubtreeView subtree,
                  boolean overdueUnclosed, String relayDocNumber, String relayTitle) {
  }

  /** A unit copied (抄送) and when it read the notice (阅知); null while it has not. */
  record CcUnitView(String unitCode, String unitName, LocalDateTime receivedAt, LocalDateTime readAt,
                    String readBy) {
  }

  /** The 抄送 units within the part shown, apart from the cascade's counts: how many, how many read, 阅知率. */
  record CopiesView(int copied, int read, String readRate, List<CcUnitView> units) {

    static CopiesView of(ProgressService.Copies c) {
      return new CopiesView(c.copied(), c.read(), Rate.READ.text(c), c.units().stream()
          .map(u -> new CcUnitView(u.unitCode(), u.unitName(), u.receivedAt(), u.readAt(), u.readBy())).toList());
    }
  }

  /** The part shown: its totals, and its rates and relay times again at the top for views that list them. */
  record ProgressView(long noticeId, String docNumber, String title, String rootUnit, SubtreeView totals,
                      String acknowledgedRate, String relayedRate, String reportedRate, String acceptedRate,
                      String completedRate, List<RelayTimeView> relayTimes, List<UnitView> units,
                      CopiesView copies, String noticeStatus, Notice.Ending ending, boolean overdueUnclosed,
                      String noticeState) {
  }

  private final ProgressService progress;
  private final NoticeService notices;
  private final UnitRepository units;
  private final CurrentScope scope;

  ProgressController(ProgressService progress, NoticeService notices, UnitRepository units, CurrentScope scope) {
    this.progress = progress;
    this.notices = notices;
    this.units = units;
    this.scope = scope;
  }

  /** The unit whose subtree the caller may see: as asked if it lies within their scope, else their default. */
  String rootFor(long noticeId, String unit) {
    return notices.viewRoot(noticeId, unit, scope.get());
  }

  @GetMapping("/api/notices/{id}/progress")
  ProgressView progress(@PathVariable long id, @RequestParam(required = false) String unit,
      @RequestParam(required = false) Integer depth) {
    if (depth != null && depth < 0) {
      throw new InputException("depth", "不能为负数");
    }
    ProgressService.Progress p = progress.progress(id, rootFor(id, unit), depth);
    List<UnitView> units = p.units().stream().map(n -> {
      UnitProgress u = n.unit();
      return new UnitView(u.unitCode(), u.unitName(), u.superiorCode(), u.level(), u.status(), u.status().label(),
          u.reportDueDate(), u.receivedAt(), u.acknowledgedAt(), u.relayedAt(), u.studiedAt(), u.reportedAt(),
          u.acceptedAt(), u.returnCount(), u.relayCount(), u.overdue(), u.overdueAt(), n.daysLate(), u.reportedLate(),
          u.escalated(), u.escalatedAt(), u.remindersSent(), u.mustReport(), u.relayKeptAt(), u.relayKeepReason(),
          SubtreeView.of(n.subtree(), n.figures()), u.overdueUnclosed(), u.relayDocNumber(), u.relayTitle());
    }).toList();
    SubtreeView totals = SubtreeView.of(p.totals(), p.figures());
    return new ProgressView(id, p.notice().docNumber(), p.notice().title(), p.rootUnit(), totals,
        totals.acknowledgedRate(), totals.relayedRate(), totals.reportedRate(), totals.acceptedRate(),
        totals.completedRate(), totals.relayTimes(), units, CopiesView.of(p.copies()), p.notice().status().name(),
        p.notice().ending(), p.notice().overdueUnclosed(), NoticeState.of(p.notice()));
  }

  /**
   * The same progress as an Excel workbook, over the same part of the cascade as the JSON answer (the caller's
   * scope; {@code unit} for a subtree of it). No {@code produces}: a refusal is still answered as problem+json.
   */
  @GetMapping("/api/notices/{id}/progress.xlsx")
  ResponseEntity<byte[]> workbook(@PathVariable long id, @RequestParam(required = false) String unit)
      throws IOException {
    ProgressService.Export export = progress.export(id, rootFor(id, unit));
    byte[] xlsx = ProgressWorkbook.write(export);
    String name = NoticeSubject.shortName(export.progress().notice().docNumber(),
        export.progress().notice().title()) + (export.whole() ? "" : "-" + export.rootName())
        + "-落实情况.xlsx";
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(ProgressWorkbook.CONTENT_TYPE))
        .header(HttpHeaders.CONTENT_DISPOSITION, Downloads.attachment("notice-" + id + "-progress.xlsx", name))
        .cacheControl(CacheControl.noStore())
        .body(xlsx);
  }


}
