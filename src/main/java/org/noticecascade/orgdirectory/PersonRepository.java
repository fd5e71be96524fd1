package org.noticecascade.orgdirectory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/** Writes and reads the {@code person} table (the people file, deactivation, first passwords). */
@Repository
class PersonRepository {

  record Person(String userId, String unitCode, boolean clerk, boolean leader, String mobile, String wecomUserId,
                String dingtalkUserId, boolean active, boolean mustChangePassword) {
  }

  /** A membership of one of the unit groups the directory manages. */
  record Membership(String userId, String groupId) {
  }

  private static final int IDS_PER_QUERY = 1000;
  private static final RowMapper<Person> PERSON = (rs, i) -> new Person(rs.getString("user_id"),
      rs.getString("unit_code"), rs.getBoolean("clerk"), rs.getBoolean("leader"), rs.getString("mobile"),
      rs.getString("wecom_user_id"), rs.getString("dingtalk_user_id"), rs.getBoolean("active"),
      rs.getBoolean("must_change_password"));

  private final NamedParameterJdbcTemplate jdbc;

  PersonRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Person> find(String userId) {
    return jdbc.query("select * from person where user_id = :id", new MapSqlParameterSource("id", userId), PERSON)
        .stream().findFirst();
  }

  Map<String, Person> findAll(Collection<String> userIds) {
    Map<String, Person> found = new HashMap<>();
    for (List<String> slice : slices(userIds)) {
      jdbc.query("select * from person where user_id in (:ids)", new MapSqlParameterSource("ids", slice), PERSON)
          .forEach(p -> found.put(p.userId(), p));
    }
    return found;
  }

  /**
   * The users' memberships of unit groups (Camunda groups of type UNIT or LEADERS): read from the engine's tables in
   * one query per thousand users, where the identity service would take one query per user.
   */
  List<Membership> unitMemberships(Collection<String> userIds) {
    List<Membership> found = new ArrayList<>();
    for (List<String> slice : slices(userIds)) {
      found.addAll(jdbc.query("select m.user_id_, m.group_id_ from act_id_membership m join act_id_group g"
              + " on g.id_ = m.group_id_ where g.type_ in (:types) and m.user_id_ in (:ids)",
          new MapSqlParameterSource("ids", slice).addValue("types",
              List.of(UnitGroups.UNIT_TYPE, UnitGroups.LEADERS_TYPE)),
          (rs, i) -> new Membership(rs.getString(1), rs.getString(2))));
    }
    return found;
  }

  /** Which of the ids are Camunda groups already. */
  List<String> existingGroups(Set<String> groupIds) {
    List<String> found = new ArrayList<>();
    for (List<String> slice : slices(groupIds)) {
      found.addAll(jdbc.queryForList("select id_ from act_id_group where id_ in (:ids)",
          new MapSqlParameterSource("ids", slice), String.class));
    }
    return found;
  }

  void insert(List<Person> people) {
    jdbc.batchUpdate("insert into person (user_id, unit_code, clerk, leader, mobile, wecom_user_id, dingtalk_user_id,"
        + " active, must_change_password, updated_at) values (:userId, :unitCode, :clerk, :leader, :mobile,"
        + " :wecomUserId, :dingtalkUserId, :active, :mustChangePassword, :now)", parameters(people));
  }

  void update(List<Person> people) {
    jdbc.batchUpdate("update person set unit_code = :unitCode, clerk = :clerk, leader = :leader, mobile = :mobile,"
        + " wecom_user_id = :wecomUserId, dingtalk_user_id = :dingtalkUserId, active = :active,"
        + " must_change_password = :mustChangePassword, updated_at = :now where user_id = :userId",
        parameters(people));
  }

  /** Clears the flag of a person who has chosen their own password; false when they had none to clear. */
  boolean passwordChosen(String userId) {
    return jdbc.update("update person set must_change_password = false, updated_at = :now"
        + " where user_id = :id and must_change_password", new MapSqlParameterSource("id", userId)
        .addValue("now", Timestamp.from(Instant.now()))) > 0;
  }

  private static SqlParameterSource[] parameters(List<Person> people) {
    Timestamp now = Timestamp.from(Instant.now());
    return people.stream().map(p -> new MapSqlParameterSource()
        .addValue("userId", p.userId()).addValue("unitCode", p.unitCode()).addValue("clerk", p.clerk())
        .addValue("leader", p.leader()).addValue("mobile", p.mobile()).addValue("wecomUserId", p.wecomUserId())
        .addValue("dingtalkUserId", p.dingtalkUserId()).addValue("active", p.active())
        .addValue("mustChangePassword", p.mustChangePassword()).addValue("now", now))
        .toArray(SqlParameterSource[]::new);
  }

  private static List<List<String>> slices(Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    List<List<String>> slices = new ArrayList<>();
    for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
      slices.add(all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)));
    }
    return slices;
  }
}
