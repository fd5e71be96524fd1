package org.noticecascade.escalation;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.progress.EscalationRepository;
import org.noticecascade.security.CurrentScope;
import org.noticecascade.support.EngineClock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The 督办 list: units of a notice past their due date, with their superior, days late and reminders sent. */
@RestController
class OverdueController {

  static final int MAX_LISTED = 5000;

  static final String CHASING = "逾期催办中";
  static final String CHASE_STOPPED = "逾期未办结";
  static final String REPORTED_LATE = "逾期后已报告";

  /**
   * One overdue unit as the API shows it; {@code reportedAt} is set for late reports when asked to include them.
   * {@code chaseStoppedAt} is set once the daily reminders ended unanswered; {@code chaseStatus} says where the unit
   * stands in words: 逾期催办中, 逾期未办结 (no longer reminded) or 逾期后已报告.
   */
  record OverdueEntry(String unitCode, String unitName, String superiorCode, String superiorName, int level,
                      LocalDate reportDueDate, LocalDateTime overdueAt, int daysLate, int remindersSent,
                      LocalDateTime lastRemindedAt, boolean escalated, LocalDateTime escalatedAt,
                      LocalDateTime issuerNotifiedAt, LocalDateTime reportedAt, LocalDateTime chaseStoppedAt,
                      String chaseStatus) {
  }

  private final EscalationService escalations;
  private final NoticeService notices;
  private final CurrentScope scope;
  private final Deadlines deadlines;

  OverdueController(EscalationService escalations, NoticeService notices, CurrentScope scope, Deadlines deadlines) {
    this.escalations = escalations;
    this.notices = notices;
    this.scope = scope;
    this.deadlines = deadlines;
  }

  /**
   * GET /api/notices/{id}/overdue?unit=CODE&includeReported=false: the overdue units in the caller's part of the
   * cascade (or under {@code unit}), longest overdue first.
   */
  @GetMapping("/api/notices/{id}/overdue")
  List<OverdueEntry> overdue(@PathVariable long id, @RequestParam(required = false) String unit,
      @RequestParam(defaultValue = "false") boolean includeReported) {
    String root = notices.viewRoot(id, unit, scope.get());
    boolean whole = notices.get(id).issuerUnit().equals(root);
    LocalDate today = EngineClock.today();
    return escalations.overdue(id, root, whole, includeReported, MAX_LISTED).stream()
        .map(o -> new OverdueEntry(o.unitCode(), o.unitName(), o.superiorCode(), o.superiorName(), o.level(),
            o.reportDueDate(), o.overdueAt(),
            deadlines.daysLate(o.reportDueDate(), o.reportedAt() != null ? o.reportedAt().toLocalDate() : today),
            o.remindersSent(), o.lastRemindedAt(), o.escalatedAt() != null && o.escalationClosedAt() == null,
            o.escalatedAt(), o.issuerNotifiedAt(), o.reportedAt(), o.chaseStoppedAt(), chaseStatus(o)))
        .toList();
  }

  static String chaseStatus(EscalationRepository.OverdueUnit o) {
    if (o.reportedAt() != null) {
      return REPORTED_LATE;
    }
    return o.chaseStoppedAt() != null ? CHASE_STOPPED : CHASING;
  }
}
