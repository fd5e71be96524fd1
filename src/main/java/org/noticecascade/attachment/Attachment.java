package org.noticecascade.attachment;

import java.time.LocalDateTime;

/** One stored file: whose it is (the notice's when unitCode is null), what it is, who added it from which task. */
record Attachment(long id, long noticeId, String unitCode, String ownerKind, String taskId, String fileName,
                  String contentType, long size, String sha256, boolean main, String uploadedBy,
                  LocalDateTime uploadedAt, int chunkCount) {

  static final String NOTICE = "notice";
  static final String RELAY = "relay";
  static final String REPORT = "report";
  static final String STUDY = "study";
}
