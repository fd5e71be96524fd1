package org.noticecascade.progress;

import java.time.format.DateTimeFormatter;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeStatus;

/** A notice's state in words, as the progress answer and the Excel show it: 已办结 with who, when and why, 逾期未办结. */
final class NoticeState {

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private NoticeState() {
  }

  static String of(Notice n) {
    if (n.status() == NoticeStatus.CLOSED && n.ending() != null && n.ending().closedAt() != null) {
      Notice.Ending e = n.ending();
      return "已办结（" + (e.closedBy() == null ? "" : e.closedBy() + " 于 ") + e.closedAt().format(MINUTES)
          + (e.closeReason() == null ? "" : "，理由：" + e.closeReason()) + "）";
    }
    if (n.overdueUnclosed()) {
      return "逾期未办结";
    }
    return switch (n.status()) {
      case AWAITING_SIGN_OFF -> "待签发";
      case AWAITING_DOC_NUMBER -> "待编号";
      case NOT_SIGNED_OFF -> "未签发";
      case DISPATCHED -> "传达中";
      case CLOSED -> "已办结";
      case COMPLETED -> "已完成";
    };
  }
}
