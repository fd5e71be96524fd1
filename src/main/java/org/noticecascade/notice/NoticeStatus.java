package org.noticecascade.notice;

public enum NoticeStatus {
  /** waiting for the issuing unit's leader to sign off */
  AWAITING_SIGN_OFF,
  /** signed off; the issuer's clerks are to confirm the 文号 (编号) before it is sent */
  AWAITING_DOC_NUMBER,
  /** the leader declined; nothing was reserved, so the 文号 was never taken */
  NOT_SIGNED_OFF,
  /** sent to the addressees; reports are coming in */
  DISPATCHED,
  /** the issuer closed it after the roll-up; unfinished units' tasks were ended */
  CLOSED,
  /** every unit reached has finished */
  COMPLETED
}
