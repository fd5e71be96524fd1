package org.noticecascade.notice;

import java.time.LocalDate;
import java.util.List;

/** A notice as the start form or POST /api/notices give it, before it is registered. */
public record NoticeDraft(String docNumber, String title, String issuerUnit, LocalDate issuedOn, String summary,
                          List<String> addresseeKinds, List<String> addresseeUnits, LocalDate reportDueDate,
                          boolean cascadeToGrassroots, boolean signOffRequired,
                          Integer acknowledgeReminderDays, Integer dueSoonDays,
                          List<String> ccUnits, List<String> reportingKinds, List<String> reportingUnits) {
}
