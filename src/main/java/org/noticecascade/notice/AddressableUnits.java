package org.noticecascade.notice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.noticecascade.orgdirectory.UnitGroups;
import org.noticecascade.form.StartFormOptions;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The start form's unit pickers ({@code unitOptions}): the units the user's unit may name as 主送 (抄送, 需报告),
 * searchable by name. Its subordinates and theirs, two levels, each by the indexed parent look-up
 * (idx_unit_parent), at most {@link NoticeService#MAX_NAMED_ADDRESSEES}: deeper units are reached by relaying, and
 * the API still takes any unit below the issuer by code.
 */
@Component("addressableUnits")
class AddressableUnits implements StartFormOptions {

  private final IdentityService identity;
  private final NamedParameterJdbcTemplate jdbc;

  AddressableUnits(IdentityService identity, NamedParameterJdbcTemplate jdbc) {
    this.identity = identity;
    this.jdbc = jdbc;
  }

  @Override
  public String key() {
    return NoticeProcess.UNIT_OPTIONS;
  }

  @Override
  public Map<String, String> options(String userId) {
    Map<String, String> options = new LinkedHashMap<>();
    if (userId == null) {
      return options;
    }
    List<String> own = identity.createGroupQuery().groupMember(userId).groupType(UnitGroups.UNIT_TYPE).list().stream()
        .map(Group::getId).toList();
    if (own.isEmpty()) {
      return options;
    }
    MapSqlParameterSource p = new MapSqlParameterSource("own", own)
        .addValue("max", NoticeService.MAX_NAMED_ADDRESSEES);
    // children first, each grandchild labelled with its parent so that two 总工会 of one name can be told apart
    jdbc.query("select c.code, c.name from unit c where c.parent_code in (:own) and c.active order by c.parent_code, c.code"
        + " limit :max", p, rs -> {
          options.put(rs.getString(1), rs.getString(2));
        });
    jdbc.query("select g.code, g.name, c.name as parent_name from unit c join unit g on g.parent_code = c.code"
        + " where c.parent_code in (:own) and c.active and g.active order by c.parent_code, c.code, g.code limit :max", p, rs -> {
          if (options.size() < NoticeService.MAX_NAMED_ADDRESSEES) {
            options.putIfAbsent(rs.getString(1), rs.getString(2) + "（" + rs.getString(3) + "）");
          }
        });
    return options;
  }
}
