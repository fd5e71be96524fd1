package org.noticecascade.attachment;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A notice's files for its archive, and their deletion when the notice's retention ends: the notice's own (正文,
 * 附件) and every unit's (转发, study, report files).
 */
@Component
public class AttachmentArchive {

  /** Files listed per query while archiving. */
  private static final int PAGE = 500;
  /** At most this many 1 MB chunks deleted in one transaction (one larger file goes alone). */
  static final int MAX_CHUNKS_PER_BATCH = 64;

  /** One file as the archive lists it; unitCode null: the notice's own. */
  public record File(long id, String unitCode, String ownerKind, String fileName, String contentType, long size,
                     String sha256, boolean main, String uploadedBy, LocalDateTime uploadedAt) {
  }

  /** Receives each file in turn; may read its content then. */
  @FunctionalInterface
  public interface FileHandler {
    void handle(File file) throws IOException;
  }

  private final AttachmentRepository files;

  AttachmentArchive(AttachmentRepository files) {
    this.files = files;
  }

  /** Hands every file of the notice to {@code each} by id, a page of rows at a time; how many there were. */
  public long eachFile(long noticeId, FileHandler each) throws IOException {
    long after = 0;
    long count = 0;
    while (true) {
      List<Attachment> page = files.pageOfNotice(noticeId, after, PAGE);
      for (Attachment a : page) {
        each.handle(new File(a.id(), a.unitCode(), a.ownerKind(), a.fileName(), a.contentType(), a.size(),
            a.sha256(), a.main(), a.uploadedBy(), a.uploadedAt()));
        after = a.id();
      }
      count += page.size();
      if (page.size() < PAGE) {
        return count;
      }
    }
  }

  /** Copies a file's content to {@code out} one chunk at a time. */
  public void copy(File file, OutputStream out) throws IOException {
    Attachment a = files.find(file.id()).orElseThrow(() -> new IOException("附件 " + file.id() + " 已不存在"));
    files.copyContent(a, out);
  }

  /**
   * Deletes a batch of the notice's files with their content; the caller runs each call in a transaction of its own.
   *
   * @return the files deleted; 0 once none is left
   */
  public int deleteBatch(long noticeId, int limit) {
    return files.deleteBatch(noticeId, limit, MAX_CHUNKS_PER_BATCH);
  }
}
