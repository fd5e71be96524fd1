package org.noticecascade.support;

/**
 * How a notice is named in messages, task lists and file names: "文号 标题", or the title alone for a notice without
 * a 文号 (county level and below may issue one without; a notice awaiting 签发 has none yet).
 */
public final class NoticeSubject {

  private NoticeSubject() {
  }

  public static String of(Object docNumber, Object title) {
    String number = docNumber == null ? "" : docNumber.toString().trim();
    String text = title == null ? "" : title.toString().trim();
    return number.isEmpty() ? text : text.isEmpty() ? number : number + " " + text;
  }

  /** A short name for the notice (a file name): its 文号, or its title when it has none. */
  public static String shortName(Object docNumber, Object title) {
    String number = docNumber == null ? "" : docNumber.toString().trim();
    return number.isEmpty() ? of(null, title) : number;
  }

  /** The 文号 as shown, or "无文号" where a reader would otherwise see a blank. */
  public static String number(Object docNumber) {
    String number = docNumber == null ? "" : docNumber.toString().trim();
    return number.isEmpty() ? "无文号" : number;
  }

  /**
   * The title a relaying unit's 转发 starts from: 转发 + the superior's 文号 + 《its title》 + 的通知, or 转发《标题》的通知
   * when the superior's document has no 文号. The 文号 keeps its own 〔〕. A title already quoting another (转发 of a
   * 转发) has its inner 《》 turned into 〈〉, as nested book-title marks are written.
   */
  public static String relayTitle(Object docNumber, Object title) {
    String number = docNumber == null ? "" : docNumber.toString().trim();
    String text = title == null ? "" : title.toString().trim().replace('《', '〈').replace('》', '〉');
    return "转发" + number + "《" + text + "》的通知";
  }
}
