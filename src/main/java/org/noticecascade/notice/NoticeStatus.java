package org.noticecascade.notice;

public enum NoticeStatus {
  /** waiting for the issuing unit's leader to sign off */
  AWAITING_SIGN_OFF,
  /** the leader declined; the 文号 is free again */
  NOT_SIGNED_OFF,
  /** sent to the addressees; reports are coming in */
  DISPATCHED,
  /** the issuer closed it after the roll-up; unfinished units' tasks were ended */
  CLOSED,
  /** every unit reached has finished */
  COMPLETED
}
