package org.noticecascade.orgdirectory;

import java.util.Arrays;
import java.util.Optional;

/** What a unit is; notices address kinds among the issuer's subordinates ("各市（州）总工会，省产业工会 …"). */
public enum UnitKind {
  LOCAL_FEDERATION("地方总工会"),
  INDUSTRY_UNION("产业工会"),
  INTERNAL_DEPARTMENT("机关部门"),
  AFFILIATED_UNIT("直属单位"),
  TOWNSHIP_FEDERATION("乡镇（街道）总工会"),
  GRASSROOTS_UNION("基层工会"),
  SECONDARY_UNION("二级工会");

  private final String label;

  UnitKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Grassroots unions and their faculty unions: where "cascade to grassroots" stops or goes on. */
  public boolean isGrassroots() {
    return this == GRASSROOTS_UNION || this == SECONDARY_UNION;
  }

  public static Optional<UnitKind> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    return Arrays.stream(values()).filter(k -> k.name().equalsIgnoreCase(t) || k.label.equals(t)).findFirst();
  }
}
