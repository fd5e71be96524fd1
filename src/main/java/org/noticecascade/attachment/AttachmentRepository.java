package org.noticecascade.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Attachments and their content, in 1 MB chunks: a file is written and read one chunk at a time, so memory does
 * not grow with its size on H2 or PostgreSQL (whose driver reads a bytea value whole).
 */
@Repository
class AttachmentRepository {

  static final int CHUNK = 1024 * 1024;

  private static final String COLUMNS = "id, notice_id, unit_code, owner_kind, task_id, file_name, content_type,"
      + " size_bytes, sha256, is_main, uploaded_by, uploaded_at, chunk_count";

  /** {@link #COLUMNS} of the table aliased {@code a}, for joins. */
  private static final String A_COLUMNS = "a." + COLUMNS.replace(", ", ", a.");

  private static final RowMapper<Attachment> ROW = (rs, i) -> new Attachment(rs.getLong("id"),
      rs.getLong("notice_id"), rs.getString("unit_code"), rs.getString("owner_kind"), rs.getString("task_id"),
      rs.getString("file_name"), rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"),
      rs.getBoolean("is_main"), rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toLocalDateTime(),
      rs.getInt("chunk_count"));

  private final JdbcOperations jdbc;

  AttachmentRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc.getJdbcOperations();
  }

  /** The row without its content; size and digest are filled in by {@link #finish} once the content is in. */
  long insert(long noticeId, String unitCode, String kind, String taskId, String fileName, String contentType,
      boolean main, String userId, LocalDateTime at) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(c -> {
      var ps = c.prepareStatement("insert into attachment (notice_id, unit_code, owner_kind, task_id, file_name,"
          + " content_type, size_bytes, sha256, is_main, uploaded_by, uploaded_at) values (?, ?, ?, ?, ?, ?, 0, '',"
          + " ?, ?, ?)", new String[] {"id"});
      ps.setLong(1, noticeId);
      ps.setString(2, unitCode);
      ps.setString(3, kind);
      ps.setString(4, taskId);
      ps.setString(5, fileName);
      ps.setString(6, contentType);
      ps.setBoolean(7, main);
      ps.setString(8, userId);
      ps.setTimestamp(9, Timestamp.valueOf(at));
      return ps;
    }, key);
    return key.getKey().longValue();
  }

  /** Writes the stream as chunks; returns the bytes written. */
  long writeContent(long id, InputStream in) throws IOException {
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    int seq = 0;
    while (true) {
      int n = in.readNBytes(buffer, 0, CHUNK);
      if (n == 0) {
        break;
      }
      byte[] chunk = n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n);
      jdbc.update("insert into attachment_chunk (attachment_id, seq, data) values (?, ?, ?)", id, seq++, chunk);
      total += n;
      if (n < CHUNK) {
        break;
      }
    }
    jdbc.update("update attachment set chunk_count = ? where id = ?", seq, id);
    return total;
  }

  void finish(long id, long size, String sha256) {
    jdbc.update("update attachment set size_bytes = ?, sha256 = ? where id = ?", size, sha256, id);
  }

  /** 正文 is one file per notice: marking one unmarks the others. */
  void unmarkMain(long noticeId, long except) {
    jdbc.update("update attachment set is_main = false where notice_id = ? and unit_code is null and id <> ?"
        + " and is_main = true", noticeId, except);
  }

  Optional<Attachment> find(long id) {
    return jdbc.query("select " + COLUMNS + " from attachment where id = ?", ROW, id).stream().findFirst();
  }

  /** The notice's own files. */
  List<Attachment> ofNotice(long noticeId) {
    return jdbc.query("select " + COLUMNS + " from attachment where notice_id = ? and unit_code is null"
        + " order by is_main desc, id", ROW, noticeId);
  }

  /** A unit's own files. */
  List<Attachment> ofUnit(long noticeId, String unitCode) {
    return jdbc.query("select " + COLUMNS + " from attachment where notice_id = ? and unit_code = ? order by id",
        ROW, noticeId, unitCode);
  }

  /** The 转发 files of the given units (a unit's superiors), by the index on (notice_id, unit_code). */
  List<Attachment> relaysOf(long noticeId, List<String> unitCodes) {
    if (unitCodes.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", java.util.Collections.nCopies(unitCodes.size(), "?"));
    Object[] args = new Object[unitCodes.size() + 1];
    args[0] = noticeId;
    for (int i = 0; i < unitCodes.size(); i++) {
      args[i + 1] = unitCodes.get(i);
    }
    return jdbc.query("select " + COLUMNS + " from attachment where notice_id = ? and unit_code in (" + marks + ")"
        + " and owner_kind = 'relay' order by id", ROW, args);
  }

  /**
   * The report files of the notice's direct addressees (cascade level 1), by unit then upload: each of them reports
   * its subordinates' work in its own report. Bounded by the notice's addressees; the index on (notice_id,
   * unit_code) and cascade_unit's key serve the join.
   */
  List<Attachment> levelOneReports(long noticeId) {
    return jdbc.query("select " + A_COLUMNS + " from attachment a join cascade_unit c on c.notice_id = a.notice_id"
        + " and c.unit_code = a.unit_code where a.notice_id = ? and c.level = 1 and a.owner_kind = 'report'"
        + " order by a.unit_code, a.id", ROW, noticeId);
  }

  /** A page of the notice's files (its own and its units'), by id after {@code afterId}. */
  List<Attachment> pageOfNotice(long noticeId, long afterId, int limit) {
    return jdbc.query("select " + COLUMNS + " from attachment where notice_id = ? and id > ? order by id limit ?",
        ROW, noticeId, afterId, limit);
  }

  /**
   * Deletes the notice's first files (their chunks go with them, ON DELETE CASCADE): up to {@code limit} files, and
   * no more than {@code maxChunks} chunks unless one file alone has more, so a batch holds a bounded size.
   *
   * @return the files deleted; 0 once none is left
   */
  int deleteBatch(long noticeId, int limit, int maxChunks) {
    List<long[]> first = jdbc.query("select id, chunk_count from attachment where notice_id = ? order by id limit ?",
        (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, noticeId, limit);
    List<Long> ids = new java.util.ArrayList<>();
    long chunks = 0;
    for (long[] f : first) {
      if (!ids.isEmpty() && chunks + f[1] > maxChunks) {
        break;
      }
      ids.add(f[0]);
      chunks += f[1];
    }
    int deleted = 0;
    for (Long id : ids) {
      deleted += jdbc.update("delete from attachment where id = ?", id);
    }
    return deleted;
  }

  /** Copies the content to {@code out} one chunk at a time. */
  void copyContent(Attachment a, OutputStream out) throws IOException {
    for (int seq = 0; seq < a.chunkCount(); seq++) {
      byte[] data = jdbc.queryForObject("select data from attachment_chunk where attachment_id = ? and seq = ?",
          byte[].class, a.id(), seq);
      out.write(data);
    }
  }
}
