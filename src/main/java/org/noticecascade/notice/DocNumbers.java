package org.noticecascade.notice;

import org.noticecascade.orgdirectory.Unit;

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

  /** The depth of a 区县总工会 below 中华全国总工会. */
  static final int COUNTY_DEPTH = 3;

  private DocNumbers() {
  }

  /**
   * Whether a notice of this issuer must carry a 文号. Units at county level and below often issue without one: a
   * 乡镇（街道）总工会, a 基层工会, 二级工会 or 工会小组 of any depth, and any unit three or more levels below the directory's
   * root (the root being 中华全国总工会 at depth 0: 省 1, 市（州） 2, 区县总工会 and a city's own 产业工会 3).
   */
  static boolean requiredOf(Unit issuer) {
    return switch (issuer.kind()) {
      case TOWNSHIP_FEDERATION, GRASSROOTS_UNION, SECONDARY_UNION, UNION_GROUP -> false;
      default -> issuer.depth() < COUNTY_DEPTH;
    };
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
