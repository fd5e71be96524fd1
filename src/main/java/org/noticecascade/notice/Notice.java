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
                     Integer acknowledgeReminderDays, Integer dueSoonDays, Integer escalateAfterDays,
                     List<String> ccUnits, List<String> reportingKinds, List<String> reportingUnits) {

  /**
   * Whether an addressee must report: its kind is among reportingKinds or it is among reportingUnits; when both are
   * empty, every addressee must (the default).
   */
  public boolean mustReport(String unitCode, String kind) {
    return reportingKinds.isEmpty() && reportingUnits.isEmpty() || reportingKinds.contains(kind)
        || reportingUnits.contains(unitCode);
  }
}
