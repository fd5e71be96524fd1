package org.noticecascade.progress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.noticecascade.notice.Notice;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the history package needs of a notice's progress when it archives and deletes a notice that ended long ago:
 * the whole cascade's workbook, its figures for the archive's manifest, and the deletion of the notice's rows in
 * the tables this package owns (cascade_unit, study_activity, progress_rollup, notice_cc), a batch at a time.
 */
@Component
public class ProgressArchive {

  /** The figures of the whole cascade the manifest records. */
  public record Figures(int reached, int mustReport, int acknowledged, int reported, int accepted, int copied,
                        int read, long studyActivities) {
  }

  /**
   * The deletions in the order the foreign keys need: study activities refer to their cascade unit. Each deletes at
   * most :limit rows of one notice by the table's key (progress_rollup's rows of a few units: one per level and shard).
   */
  private static final List<String> DELETIONS = List.of(
      "delete from study_activity where id in (select id from study_activity where notice_id = :notice"
          + " order by id limit :limit)",
      "delete from progress_rollup where notice_id = :notice and unit_code in (select unit_code from progress_rollup"
          + " where notice_id = :notice order by unit_code limit :limit)",
      "delete from notice_cc where notice_id = :notice and unit_code in (select unit_code from notice_cc"
          + " where notice_id = :notice order by unit_code limit :limit)",
      "delete from cascade_unit where notice_id = :notice and unit_code in (select unit_code from cascade_unit"
          + " where notice_id = :notice order by unit_code limit :limit)");

  private final ProgressService progress;
  private final NamedParameterJdbcTemplate jdbc;

  ProgressArchive(ProgressService progress, NamedParameterJdbcTemplate jdbc) {
    this.progress = progress;
    this.jdbc = jdbc;
  }

  /** The Excel export of the whole cascade (as the issuer sees it) written to {@code out}, left open. */
  public Figures writeWorkbook(Notice notice, OutputStream out) throws IOException {
    ProgressService.Export export = progress.export(notice.id(), notice.issuerUnit());
    ProgressWorkbook.write(export, out);
    ProgressService.Counts c = export.progress().totals();
    ProgressService.Copies cc = export.progress().copies();
    return new Figures(c.reached(), c.mustReport(), c.acknowledged(), c.reported(), c.accepted(), cc.copied(),
        cc.read(), export.progress().figures().studyActivities());
  }

  /**
   * Deletes up to {@code limit} of the notice's rows from the first of its tables that still has some; the caller
   * runs each call in a transaction of its own.
   *
   * @return the rows deleted; 0 once none is left
   */
  public int deleteBatch(long noticeId, int limit) {
    MapSqlParameterSource p = new MapSqlParameterSource("notice", noticeId).addValue("limit", limit);
    for (String deletion : DELETIONS) {
      int deleted = jdbc.update(deletion, p);
      if (deleted > 0) {
        return deleted;
      }
    }
    return 0;
  }
}
