package org.noticecascade.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whose names and e-mail addresses a clerk or leader may read: the people of their own unit, of its superior and of
 * its direct subordinates, the units they work with. Not the country's directory.
 */
@Component
class VisibleUsers {

  private static final String LEADERS_SUFFIX = OrgIds.leaderGroup("");

  private final UnitRepository units;
  private final NamedParameterJdbcTemplate jdbc;

  VisibleUsers(UnitRepository units, DataSource dataSource) {
    this.units = units;
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
  }

  /** The user ids visible to someone in {@code groups}: themselves and the members of the neighbouring units. */
  Set<String> of(String userId, Collection<String> groups) {
    Set<String> codes = new LinkedHashSet<>();
    for (String group : groups) {
      codes.add(group.endsWith(LEADERS_SUFFIX) ? group.substring(0, group.length() - LEADERS_SUFFIX.length()) : group);
    }
    Set<String> neighbours = new LinkedHashSet<>();
    for (Unit unit : units.findAll(codes)) {
      neighbours.add(unit.code());
      if (unit.parentCode() != null) {
        neighbours.add(unit.parentCode());
      }
      units.children(unit.code()).forEach(c -> neighbours.add(c.code()));
    }
    Set<String> visible = new LinkedHashSet<>();
    visible.add(userId);
    if (neighbours.isEmpty()) {
      return visible;
    }
    List<String> groupIds = new ArrayList<>();
    neighbours.forEach(c -> {
      groupIds.add(OrgIds.unitGroup(c));
      groupIds.add(OrgIds.leaderGroup(c));
    });
    visible.addAll(jdbc.queryForList("select distinct USER_ID_ from ACT_ID_MEMBERSHIP where GROUP_ID_ in (:groups)",
        Map.of("groups", groupIds), String.class));
    return visible;
  }
}
