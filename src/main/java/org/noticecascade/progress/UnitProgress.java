package org.noticecascade.progress;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** One unit's row of a notice's progress. */
public record UnitProgress(String unitCode, String unitName, String superiorCode, String path, int level,
                           UnitStatus status, LocalDate reportDueDate, LocalDateTime receivedAt,
                           LocalDateTime acknowledgedAt, LocalDateTime relayedAt, LocalDateTime studiedAt,
                           LocalDateTime reportedAt, LocalDateTime acceptedAt, int returnCount, String returnReason,
                           Integer relayCount, String reportText, Integer reportActivityCount,
                           Integer reportParticipantCount) {

  boolean acknowledged() {
    return acknowledgedAt != null;
  }

  /** 传达 records its time and the number of subordinates chosen together; either one means it happened. */
  boolean relayed() {
    return relayedAt != null || relayCount != null;
  }

  boolean reportedNow() {
    return status == UnitStatus.REPORTED || status == UnitStatus.ACCEPTED;
  }

  boolean accepted() {
    return status == UnitStatus.ACCEPTED;
  }
}
