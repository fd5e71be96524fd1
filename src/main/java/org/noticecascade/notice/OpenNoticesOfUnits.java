package org.noticecascade.notice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.noticecascade.orgdirectory.OpenNotices;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The open notices involving units: issued by one, naming one (主送 or 抄送 by code, before it is sent), reaching or
 * copied to one. The open ones are few (found by status, V23's index), and whether one of them
 * reached or copied a unit is a lookup by primary key (notice, unit) in cascade_unit and notice_cc. A subtree of
 * thousands of units is asked in slices.
 */
@Repository
class OpenNoticesOfUnits implements OpenNotices {

  /** Ended: nothing more happens to it or to any unit it reached. */
  static final Set<NoticeStatus> ENDED = EnumSet.of(NoticeStatus.CLOSED, NoticeStatus.COMPLETED,
      NoticeStatus.NOT_SIGNED_OFF);
  private static final int CODES_PER_QUERY = 1000;

  /** @param named the units it names (主送 and 抄送), which a notice not yet sent has reached no one of */
  private record Open(long id, String docNumber, String title, String issuer, Set<String> named) {
  }

  private final NamedParameterJdbcTemplate jdbc;

  OpenNoticesOfUnits(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<OpenNotice> involving(Collection<String> unitCodes, int limit) {
    List<String> open = Arrays.stream(NoticeStatus.values()).filter(s -> !ENDED.contains(s)).map(Enum::name).toList();
    List<Open> notices = jdbc.query("select id, doc_number, title, issuer_unit, addressee_units, cc_units from notice"
            + " where status in (:open) order by id", new MapSqlParameterSource("open", open),
        (rs, i) -> new Open(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            codes(rs.getString(5), rs.getString(6))));
    if (notices.isEmpty() || unitCodes.isEmpty()) {
      return List.of();
    }
    Set<String> codes = new HashSet<>(unitCodes);
    Set<Long> involved = new TreeSet<>();
    notices.stream().filter(n -> codes.contains(n.issuer()) || n.named().stream().anyMatch(codes::contains))
        .forEach(n -> involved.add(n.id()));
    List<Long> ids = notices.stream().map(Open::id).toList();
    List<String> all = List.copyOf(codes);
    for (int from = 0; from < all.size(); from += CODES_PER_QUERY) {
      MapSqlParameterSource p = new MapSqlParameterSource("ids", ids)
          .addValue("codes", all.subList(from, Math.min(all.size(), from + CODES_PER_QUERY)));
      involved.addAll(jdbc.queryForList("select distinct notice_id from cascade_unit where notice_id in (:ids)"
          + " and unit_code in (:codes)", p, Long.class));
      involved.addAll(jdbc.queryForList("select distinct notice_id from notice_cc where notice_id in (:ids)"
          + " and unit_code in (:codes)", p, Long.class));
    }
    List<OpenNotice> found = new ArrayList<>();
    for (Open n : notices) {
      if (involved.contains(n.id()) && found.size() < limit) {
        found.add(new OpenNotice(n.id(), n.docNumber(), n.title()));
      }
    }
    return found;
  }

  private static Set<String> codes(String... commaSeparated) {
    Set<String> codes = new HashSet<>();
    for (String list : commaSeparated) {
      if (list != null && !list.isBlank()) {
        codes.addAll(Arrays.asList(list.split(",")));
      }
    }
    return codes;
  }
}
