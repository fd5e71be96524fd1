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
}
