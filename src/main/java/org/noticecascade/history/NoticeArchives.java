package org.noticecascade.history;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.form.ConflictException;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.support.ForbiddenException;
import org.springframework.stereotype.Service;

/** Who may take a notice's archive and when, and the archive written to a file for the retention job. */
@Service
class NoticeArchives {

  private final NoticeService notices;
  private final NoticeArchiver archiver;
  private final IdentityService identity;
  private final HistoryProperties properties;

  NoticeArchives(NoticeService notices, NoticeArchiver archiver, IdentityService identity,
      HistoryProperties properties) {
    this.notices = notices;
    this.archiver = archiver;
    this.identity = identity;
    this.properties = properties;
  }

  /**
   * The notice, if the current user may take its archive: an administrator or a leader of the issuing unit (the
   * archive holds every unit's reports and files, more than a clerk's or another unit's view); and only once it
   * ended (办结, completed, not signed off), so that the archive is final.
   */
  Notice forDownload(long noticeId) {
    Notice notice = notices.get(noticeId);
    Authentication auth = identity.getCurrentAuthentication();
    java.util.List<String> groups = auth == null ? java.util.List.of() : auth.getGroupIds() != null
        ? auth.getGroupIds()
        : identity.createGroupQuery().groupMember(auth.getUserId()).list().stream().map(Group::getId).toList();
    if (!groups.contains(OrgIds.ADMIN_GROUP) && !groups.contains(OrgIds.leaderGroup(notice.issuerUnit()))) {
      throw new ForbiddenException("通知 " + noticeId + " 的归档包仅发文单位负责人和管理员可以下载");
    }
    if (notices.endedAt(noticeId).isEmpty()) {
      throw new ConflictException("status", "通知 " + noticeId + " 尚未办结，办结后才能下载归档包");
    }
    return notice;
  }

  void write(Notice notice, OutputStream out) throws IOException {
    archiver.write(notice, notices.endedAt(notice.id()).orElse(null), out);
  }

  /**
   * Writes the archive to {@code archive-dir/notice-<id>.zip}: first to a file of its own in that directory, then
   * moved into place, so the name never holds a half-written archive. Throws if anything fails, leaving no file.
   */
  Path writeFile(long noticeId) throws IOException {
    Notice notice = notices.get(noticeId);
    Path dir = properties.archiveDir();
    Files.createDirectories(dir);
    Path target = dir.resolve("notice-" + noticeId + ".zip");
    Path partial = Files.createTempFile(dir, "notice-" + noticeId + "-", ".zip.partial");
    try {
      try (OutputStream out = Files.newOutputStream(partial)) {
        write(notice, out);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  LocalDateTime endedAt(long noticeId) {
    return notices.endedAt(noticeId).orElse(null);
  }
}
