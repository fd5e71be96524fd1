package org.noticecascade.orgdirectory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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

  public List<Unit> children(String parentCode) {
    return jdbc.query("select " + COLUMNS + " from unit where parent_code = :parent order by code",
        new MapSqlParameterSource("parent", parentCode), ROW);
  }

  public List<Unit> roots() {
    return jdbc.query("select " + COLUMNS + " from unit where parent_code is null order by code", ROW);
  }

  /** Children counts of the given units, for listings. */
  public int childCount(String code) {
    Integer n = jdbc.queryForObject("select count(*) from unit where parent_code = :code",
        new MapSqlParameterSource("code", code), Integer.class);
    return n == null ? 0 : n;
  }

  public long count() {
    Long n = jdbc.getJdbcTemplate().queryForObject("select count(*) from unit", Long.class);
    return n == null ? 0 : n;
  }

  public void insert(Unit unit) {
    jdbc.update("insert into unit (" + COLUMNS + ") values (:code, :name, :kind, :parent, :path, :depth)",
        params(unit));
  }

  public void update(Unit unit) {
    jdbc.update("update unit set name = :name, kind = :kind where code = :code", params(unit));
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
