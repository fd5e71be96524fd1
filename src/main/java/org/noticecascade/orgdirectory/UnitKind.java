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
  SECONDARY_UNION("二级工会"),
  /** a provincial enterprise group's union: 四川's 企业集团（公司）工会, 云南's 省级产业系统公司工会 */
  ENTERPRISE_GROUP_UNION("企业集团（公司）工会"),
  /** a county's or city's sector union under a bureau: 武进's 系统（局）工会 (教育、卫生健康 …) */
  SYSTEM_UNION("系统（局）工会"),
  /** a union group below a grassroots union: a university's 直属工会小组 */
  UNION_GROUP("工会小组");

  private final String label;

  UnitKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Grassroots unions, their faculty unions and union groups: where "cascade to grassroots" stops or goes on. An
   * enterprise group's or a system's union leads grassroots unions of its own, so it is not one.
   */
  public boolean isGrassroots() {
    return this == GRASSROOTS_UNION || this == SECONDARY_UNION || this == UNION_GROUP;
  }

  public static Optional<UnitKind> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    return Arrays.stream(values()).filter(k -> k.name().equalsIgnoreCase(t) || k.label.equals(t)).findFirst();
  }
}
