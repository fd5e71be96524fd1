package org.noticecascade.orgdirectory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class UnitRepository {

  private static final String COLUMNS = "code, name, kind, parent_code, path, depth";
  private static final RowMapper<Unit> ROW = (rs, i) -> new Unit(rs.getString("code"), rs.getString("name"),
      UnitKind.valueOf(rs.getString("kind")), rs.getString("parent_code"), rs.getString("path"), rs.getInt("depth"));

  private static final int CODES_PER_QUERY = 1000;

  private final NamedParameterJdbcTemplate jdbc;

  UnitRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Unit> find(String code) {
    return jdbc.query("select " + COLUMNS + " from unit where code = :code", new MapSqlParameterSource("code", code), ROW)
        .stream().findFirst();
  }

  /** The units among the codes, asked in slices: PostgreSQL takes at most 32,767 parameters per statement. */
  public List<Unit> findAll(Collection<String> codes) {
    List<String> all = List.copyOf(codes);
    List<Unit> found = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CODES_PER_QUERY) {
      List<String> slice = all.subList(from, Math.min(all.size(), from + CODES_PER_QUERY));
      found.addAll(jdbc.query("select " + COLUMNS + " from unit where code in (:codes)",
          new MapSqlParameterSource("codes", slice), ROW));
    }
    return found;
  }

  /** The unit's children still in the directory (a removed unit is neither addressed nor listed). */
  public List<Unit> children(String parentCode) {
    return jdbc.query("select " + COLUMNS + " from unit where parent_code = :parent and active order by code",
        new MapSqlParameterSource("parent", parentCode), ROW);
  }

  public List<Unit> roots() {
    return jdbc.query("select " + COLUMNS + " from unit where parent_code is null and active order by code", ROW);
  }

  /** Children counts of the given units, for listings. */
  public int childCount(String code) {
    Integer n = jdbc.queryForObject("select count(*) from unit where parent_code = :code and active",
        new MapSqlParameterSource("code", code), Integer.class);
    return n == null ? 0 : n;
  }

  /** The removed (inactive) units among the codes. */
  public Set<String> inactiveAmong(Collection<String> codes) {
    Set<String> inactive = new HashSet<>();
    List<String> all = List.copyOf(codes);
    for (int from = 0; from < all.size(); from += CODES_PER_QUERY) {
      inactive.addAll(jdbc.queryForList("select code from unit where code in (:codes) and not active",
          new MapSqlParameterSource("codes", all.subList(from, Math.min(all.size(), from + CODES_PER_QUERY))),
          String.class));
    }
    return inactive;
  }

  /** Every unit at or below the path, removed ones included: codes are [a-z0-9], so no LIKE wildcard in it. */
  List<String> subtreeCodes(String path) {
    return jdbc.queryForList("select code from unit where path like :prefix",
        new MapSqlParameterSource("prefix", path + "%"), String.class);
  }

  /**
   * Moves a unit with its whole subtree: one UPDATE puts the new path in front of each path's part below the old
   * one and shifts the depths, then the unit gets its new parent.
   */
  void move(Unit unit, Unit newParent) {
    String oldPrefix = unit.path().substring(0, unit.path().length() - unit.code().length() - 1);
    jdbc.update("update unit set path = concat(cast(:newPrefix as varchar(400)), substr(path, :from)),"
            + " depth = depth + :shift where path like :old",
        new MapSqlParameterSource("newPrefix", newParent.path()).addValue("from", oldPrefix.length() + 1)
            .addValue("shift", newParent.depth() + 1 - unit.depth()).addValue("old", unit.path() + "%"));
    jdbc.update("update unit set parent_code = :parent where code = :code",
        new MapSqlParameterSource("parent", newParent.code()).addValue("code", unit.code()));
  }

  void setActive(String code, boolean active) {
    jdbc.update("update unit set active = :active where code = :code",
        new MapSqlParameterSource("active", active).addValue("code", code));
  }

  /** The stored channels of the units among the codes, by unit. */
  Map<String, UnitChannel> channels(Collection<String> codes) {
    Map<String, UnitChannel> found = new HashMap<>();
    List<String> all = List.copyOf(codes);
    for (int from = 0; from < all.size(); from += CODES_PER_QUERY) {
      jdbc.query("select * from unit_channel where unit_code in (:codes)",
          new MapSqlParameterSource("codes", all.subList(from, Math.min(all.size(), from + CODES_PER_QUERY))),
          Contacts.UNIT).forEach(c -> found.put(c.unitCode(), c));
    }
    return found;
  }

  /** Stores the unit's channel, or deletes its row when nothing is left in it. */
  void saveChannel(UnitChannel c, boolean stored) {
    MapSqlParameterSource p = new MapSqlParameterSource("code", c.unitCode()).addValue("email", c.email())
        .addValue("phone", c.phone()).addValue("url", c.robotUrl()).addValue("format", c.robotFormat())
        .addValue("secret", c.robotSecret()).addValue("ref", c.robotSecretRef());
    if (ChannelCells.isEmpty(c)) {
      jdbc.update("delete from unit_channel where unit_code = :code", p);
    } else if (stored) {
      jdbc.update("update unit_channel set email = :email, phone = :phone, robot_url = :url, robot_format = :format,"
          + " robot_secret = :secret, robot_secret_ref = :ref where unit_code = :code", p);
    } else {
      jdbc.update("insert into unit_channel (unit_code, email, phone, robot_url, robot_format, robot_secret,"
          + " robot_secret_ref) values (:code, :email, :phone, :url, :format, :secret, :ref)", p);
    }
  }

  public long count() {
    Long n = jdbc.getJdbcTemplate().queryForObject("select count(*) from unit", Long.class);
    return n == null ? 0 : n;
  }

  public void insert(Unit unit) {
    jdbc.update("insert into unit (" + COLUMNS + ") values (:code, :name, :kind, :parent, :path, :depth)",
        params(unit));
  }

  /** Name and kind, and back in the directory if it was removed; a new parent is {@link #move}'s. */
  public void update(Unit unit) {
    jdbc.update("update unit set name = :name, kind = :kind, active = true where code = :code", params(unit));
  }

  private static MapSqlParameterSource params(Unit unit) {
    return new MapSqlParameterSource()
        .addValue("code", unit.code())
        .addValue("name", unit.name())
        .addValue("kind", unit.kind().name())
        .addValue("parent", unit.parentCode())
        .addValue("path", unit.path())
        .addValue("depth", unit.depth());
  }
}
