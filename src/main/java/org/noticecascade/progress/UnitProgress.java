package org.noticecascade.progress;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * One unit's row of a notice's progress. The deadline columns (overdueAt … reportedLate) are written by the
 * deadline and escalation steps; mayRelay, the study sums and relaySeconds (whole seconds from receiving to relaying)
 * when the unit is reached, studies and relays; relayDocNumber and relayTitle: the unit's own 转发 (文号 optional).
 */
public record UnitProgress(String unitCode, String unitName, String superiorCode, String path, int level,
                           UnitStatus status, LocalDate reportDueDate, LocalDateTime receivedAt,
                           LocalDateTime acknowledgedAt, LocalDateTime relayedAt, LocalDateTime studiedAt,
                           LocalDateTime reportedAt, LocalDateTime acceptedAt, int returnCount, String returnReason,
                           Integer relayCount, String reportText, Integer reportActivityCount,
                           Integer reportParticipantCount, LocalDateTime overdueAt, LocalDateTime escalatedAt,
                           LocalDateTime escalationClosedAt, int remindersSent, boolean reportedLate,
                           boolean mayRelay, long studyActivities, long studyParticipants, Integer relaySeconds,
                           boolean mustReport, LocalDateTime relayKeptAt, String relayKeepReason,
                           LocalDateTime chaseStoppedAt, String relayDocNumber, String relayTitle) {

  /** 本单位学习，不再下发: the unit had subordinates and decided not to relay. */
  boolean kept() {
    return relayKeptAt != null;
  }

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

  /** 逾期: marked overdue and not reported since. */
  public boolean overdue() {
    return overdueAt != null && reportedAt == null;
  }

  /** 逾期未办结: the daily reminders stopped after chase-days and no report came. */
  public boolean overdueUnclosed() {
    return chaseStoppedAt != null && reportedAt == null;
  }

  /** 督办 under way: the superior was asked to chase the unit and that has not been closed. */
  public boolean escalated() {
    return escalatedAt != null && escalationClosedAt == null;
  }
}
