package org.noticecascade.notice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitKind;

/**
 * A notice's 主送 line as an official document words it: "各地方总工会、产业工会，测试甲市一区总工会". The kinds come
 * first under one 各, then the units named one by one, groups apart with "，" and names with "、".
 */
final class AddresseeWording {

  /** A read-only field stays readable: beyond this many named units the line ends with "等 N 个单位". */
  static final int NAMED_SHOWN = 20;

  private AddresseeWording() {
  }

  /**
   * @param kinds the notice's addressee kinds (enum names or labels), in the order given
   * @param named the units named, in the order given
   * @param units the named units as the org directory has them (any order; a code not among them shows as the code)
   * @param issuer the issuer's code: a named unit already among "各 + kind" (the issuer's child of that kind) is not
   *     named again
   */
  static String of(List<String> kinds, List<String> named, List<Unit> units, String issuer) {
    Set<UnitKind> wanted = new LinkedHashSet<>();
    kinds.forEach(k -> UnitKind.parse(k).ifPresent(wanted::add));
    Map<String, Unit> byCode = new HashMap<>();
    units.forEach(u -> byCode.put(u.code(), u));
    List<String> names = new ArrayList<>();
    for (String code : new LinkedHashSet<>(named)) {
      Unit u = byCode.get(code);
      if (u == null) {
        names.add(code);
      } else if (!(issuer.equals(u.parentCode()) && wanted.contains(u.kind()))) {
        names.add(u.name());
      }
    }
    List<String> groups = new ArrayList<>();
    if (!wanted.isEmpty()) {
      groups.add("各" + String.join("、", wanted.stream().map(UnitKind::label).toList()));
    }
    if (!names.isEmpty()) {
      String shown = String.join("、", names.subList(0, Math.min(names.size(), NAMED_SHOWN)));
      groups.add(names.size() > NAMED_SHOWN ? shown + "等 " + names.size() + " 个单位" : shown);
    }
    return String.join("，", groups);
  }
}
