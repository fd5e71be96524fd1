package org.noticecascade.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitKind;

class AddresseeWordingTest {

  private static Unit unit(String code, String name, UnitKind kind, String parent) {
    return new Unit(code, name, kind, parent, "/" + parent + "/" + code + "/", 2);
  }

  @Test
  void kindsUnderOneGeAndNamedUnitsAfterInTheOrderGiven() {
    List<Unit> found = List.of(unit("sccd", "成都市总工会", UnitKind.LOCAL_FEDERATION, "sc"),
        unit("scjy", "四川省教育工会", UnitKind.INDUSTRY_UNION, "sc"),
        unit("sccdjj", "成都市锦江区总工会", UnitKind.LOCAL_FEDERATION, "sccd"));
    assertThat(AddresseeWording.of(List.of("LOCAL_FEDERATION", "产业工会"), List.of(), List.of(), "sc"))
        .isEqualTo("各地方总工会、产业工会");
    // 成都市总工会 is already one of 各地方总工会; 锦江区 is not the issuer's child, so it is named
    assertThat(AddresseeWording.of(List.of("LOCAL_FEDERATION"), List.of("sccdjj", "sccd", "scjy"), found, "sc"))
        .isEqualTo("各地方总工会，成都市锦江区总工会、四川省教育工会");
    assertThat(AddresseeWording.of(List.of(), List.of("scjy", "sccd"), found, "sc"))
        .isEqualTo("四川省教育工会、成都市总工会");
  }

  @Test
  void manyNamedUnitsEndWithTheirCount() {
    List<String> codes = IntStream.rangeClosed(1, 25).mapToObj(i -> "u" + i).toList();
    List<Unit> found = codes.stream().map(c -> unit(c, c + "工会", UnitKind.GRASSROOTS_UNION, "x")).toList();
    String wording = AddresseeWording.of(List.of(), codes, found, "sc");
    assertThat(wording).startsWith("u1工会、u2工会").contains("u20工会等 25 个单位").doesNotContain("u21工会");
  }
}
