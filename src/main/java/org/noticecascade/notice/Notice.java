package org.noticecascade.notice;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A registered notice. The three reminder settings are working days chosen for this notice; null means the
 * application's default ({@code notice-cascade.deadlines.*}). {@code ccUnits} are the units 抄送, for information only.
 */
public record Notice(long id, String docNumber, String title, String issuerUnit, String issuerUnitName,
                     LocalDate issuedOn, String summary, List<String> addresseeKinds, List<String> addresseeUnits,
                     LocalDate reportDueDate, boolean cascadeToGrassroots, boolean signOffRequired,
                     NoticeStatus status, String processInstanceId, String createdBy, LocalDateTime createdAt,
                     Integer acknowledgeReminderDays, Integer dueSoonDays,
                     List<String> ccUnits, List<String> reportingKinds, List<String> reportingUnits,
                     Ending ending) {

  /**
   * Whether an addressee must report: its kind is among reportingKinds or it is among reportingUnits; when both are
   * empty, every addressee must (the default).
   */
  public boolean mustReport(String unitCode, String kind) {
    return reportingKinds.isEmpty() && reportingUnits.isEmpty() || reportingKinds.contains(kind)
        || reportingUnits.contains(unitCode);
  }

  /**
   * How the notice ended or is ending: who closed it (办结), when and why; the last 汇总 given to the issuer; when its
   * chase ended with nobody closing it (逾期未办结). Fields are null until they happen.
   */
  public record Ending(String closedBy, LocalDateTime closedAt, String closeReason, LocalDateTime lastSummaryAt,
                       LocalDateTime chaseEndedAt) {
  }

  /** 逾期未办结: still open after its chase ended. */
  @com.fasterxml.jackson.annotation.JsonProperty("overdueUnclosed")
  public boolean overdueUnclosed() {
    return status == NoticeStatus.DISPATCHED && ending != null && ending.chaseEndedAt() != null;
  }
}
