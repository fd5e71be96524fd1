package org.noticecascade.cascade;

import java.util.Optional;
import org.noticecascade.notice.DocNumbers;
import org.noticecascade.support.NoticeSubject;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A unit's 转发 documents on its {@code cascade_unit} rows: the title and 文号 it relays a notice under. A unit's
 * 文号 are one series, so a 转发文号 is compared (by its key) with the unit's earlier 转发 and the notices it issued.
 */
@Repository
class RelayDocuments {

  private final NamedParameterJdbcTemplate jdbc;

  RelayDocuments(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Why the unit may not use this 文号: the earlier 转发 or notice of the unit that has it (a message naming it), or
   * empty when it is free. Both lookups are unique-index equalities (uq_cascade_relay_doc_number, uq_notice_doc_number).
   */
  Optional<String> takenBy(String unitCode, String docNumber) {
    MapSqlParameterSource p = new MapSqlParameterSource("unit", unitCode).addValue("key", DocNumbers.key(docNumber));
    Optional<String> relay = jdbc.query("select c.relay_doc_number, c.relay_title, n.doc_number, n.title"
            + " from cascade_unit c join notice n on n.id = c.notice_id"
            + " where c.unit_code = :unit and c.relay_doc_number_key = :key", p,
        (rs, i) -> "本单位已用此文号（" + rs.getString(1) + "）转发《" + rs.getString(2) + "》（依据 "
            + NoticeSubject.of(rs.getString(3), rs.getString(4)) + "），请使用其他文号")
        .stream().findFirst();
    if (relay.isPresent()) {
      return relay;
    }
    return jdbc.query("select doc_number, title from notice where issuer_unit = :unit and doc_number_key = :key", p,
        (rs, i) -> "本单位已用此文号（" + rs.getString(1) + "）发文《" + rs.getString(2) + "》，请使用其他文号")
        .stream().findFirst();
  }

  /** Records the 转发 the unit relayed the notice under (the unique index decides a race between two tasks). */
  void record(long noticeId, String unitCode, String title, String docNumber) {
    jdbc.update("update cascade_unit set relay_title = :title, relay_doc_number = :docNumber,"
            + " relay_doc_number_key = :key where notice_id = :notice and unit_code = :unit",
        new MapSqlParameterSource("notice", noticeId).addValue("unit", unitCode).addValue("title", title)
            .addValue("docNumber", docNumber).addValue("key", docNumber == null ? null : DocNumbers.key(docNumber)));
  }
}
