package org.noticecascade.orgdirectory;

import java.util.Collection;
import java.util.List;

/**
 * Which open notices involve some units: what a move or removal of units must wait for. Answered by the notice
 * capability (it owns notices), so the directory needs no knowledge of them.
 */
public interface OpenNotices {

  /** An open notice, as a clerk names it. */
  record OpenNotice(long id, String docNumber, String title) {

    /** 川工发〔2023〕43号《关于…的通知》, or only the title for a notice without a 文号. */
    public String named() {
      return (docNumber == null || docNumber.isBlank() ? "" : docNumber) + "《" + title + "》";
    }
  }

  /**
   * The notices not yet ended (neither 办结 nor completed nor declined at 签发) that one of the units issued, is
   * named by (主送 or 抄送), is reached by, or is copied to; at most {@code limit}, oldest first.
   */
  List<OpenNotice> involving(Collection<String> unitCodes, int limit);
}
