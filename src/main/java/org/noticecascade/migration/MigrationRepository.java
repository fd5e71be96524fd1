package org.noticecascade.migration;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The process_migration tables: who asked for a migration, and its engine batches. */
@Repository
class MigrationRepository {

  record Row(long id, String requestedBy, LocalDateTime requestedAt, int sourceVersion, int targetVersion,
             String noticeIds, String mappings) {
  }

  record BatchRow(String processKey, String sourceDefinitionId, String targetDefinitionId, String batchId,
                  int instances) {
  }

  private final NamedParameterJdbcTemplate jdbc;

  MigrationRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  long insert(String requestedBy, LocalDateTime at, int sourceVersion, int targetVersion, String noticeIds,
      String mappings) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.update("""
        insert into process_migration (requested_by, requested_at, source_version, target_version, notice_ids, mappings)
        values (:by, :at, :source, :target, :notices, :mappings)""",
        new MapSqlParameterSource().addValue("by", requestedBy).addValue("at", Timestamp.valueOf(at))
            .addValue("source", sourceVersion).addValue("target", targetVersion).addValue("notices", noticeIds)
            .addValue("mappings", mappings), key, new String[] {"id"});
    return key.getKey().longValue();
  }

  void insertBatch(long migrationId, BatchRow b) {
    jdbc.update("""
        insert into process_migration_batch (migration_id, process_key, source_definition_id, target_definition_id,
          batch_id, instances) values (:id, :key, :source, :target, :batch, :instances)""",
        Map.of("id", migrationId, "key", b.processKey(), "source", b.sourceDefinitionId(),
            "target", b.targetDefinitionId(), "batch", b.batchId(), "instances", b.instances()));
  }

  Optional<Row> find(long id) {
    return jdbc.query("select * from process_migration where id = :id", Map.of("id", id), (rs, i) -> new Row(
        rs.getLong("id"), rs.getString("requested_by"), rs.getTimestamp("requested_at").toLocalDateTime(),
        rs.getInt("source_version"), rs.getInt("target_version"), rs.getString("notice_ids"),
        rs.getString("mappings"))).stream().findFirst();
  }

  List<BatchRow> batches(long migrationId) {
    return jdbc.query("select * from process_migration_batch where migration_id = :id order by process_key",
        Map.of("id", migrationId), (rs, i) -> new BatchRow(rs.getString("process_key"),
            rs.getString("source_definition_id"), rs.getString("target_definition_id"), rs.getString("batch_id"),
            rs.getInt("instances")));
  }
}
