package org.noticecascade.notice;

/**
 * How two 文号 are compared. Clerks type one number many ways (川工发〔2026〕9002号, 川工发[2026]9002号,
 * 川工发〔２０２６〕９００２号, with stray spaces), so an issuer's 文号 is unique by its key: brackets 〔〕[]［］【】 as 〔〕,
 * full-width digits as ASCII digits, no white space. The notice itself keeps the 文号 as typed (trimmed) for
 * display: it is the clerk's copy of an official document's number, and the key serves only to compare.
 * Public for the migration that keyed the notices registered before (db.migration.V10).
 */
public final class DocNumbers {

  private static final String OPENING = "[［【〔";
  private static final String CLOSING = "]］】〕";

  private DocNumbers() {
  }

  public static String key(String docNumber) {
    StringBuilder key = new StringBuilder(docNumber.length());
    docNumber.codePoints().forEach(c -> {
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return;
      }
      if (OPENING.indexOf(c) >= 0) {
        key.append('〔');
      } else if (CLOSING.indexOf(c) >= 0) {
        key.append('〕');
      } else if (c >= '０' && c <= '９') {
        key.append((char) ('0' + (c - '０')));
      } else {
        key.appendCodePoint(c);
      }
    });
    return key.toString();
  }
}
