package org.noticecascade.orgdirectory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads how to reach units and people: what the notification channels ask (the imports write these tables). */
@Repository
public class Contacts {

  private static final int IDS_PER_QUERY = 1000;
  static final RowMapper<UnitChannel> UNIT = (rs, i) -> new UnitChannel(rs.getString("unit_code"),
      rs.getString("email"), rs.getString("phone"), rs.getString("robot_url"), rs.getString("robot_format"),
      rs.getString("robot_secret"), rs.getString("robot_secret_ref"));
  private static final RowMapper<PersonContact> PERSON = (rs, i) -> new PersonContact(rs.getString("user_id"),
      rs.getString("unit_code"), rs.getBoolean("clerk"), rs.getBoolean("leader"), rs.getString("mobile"),
      rs.getString("wecom_user_id"), rs.getString("dingtalk_user_id"), rs.getBoolean("active"));

  private final NamedParameterJdbcTemplate jdbc;

  Contacts(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<UnitChannel> unitChannel(String unitCode) {
    return jdbc.query("select * from unit_channel where unit_code = :code",
        new MapSqlParameterSource("code", unitCode), UNIT).stream().findFirst();
  }

  /** The persons among the user ids (users the directory does not hold, such as admin, are left out). */
  public List<PersonContact> persons(Collection<String> userIds) {
    List<String> all = List.copyOf(userIds);
    List<PersonContact> found = new ArrayList<>();
    for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
      List<String> slice = all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY));
      found.addAll(jdbc.query("select * from person where user_id in (:ids)", new MapSqlParameterSource("ids", slice),
          PERSON));
    }
    return found;
  }
}
