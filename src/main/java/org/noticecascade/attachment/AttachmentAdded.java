package org.noticecascade.attachment;

/**
 * Published in the upload's transaction when a file has been stored, for the 留痕 (audit trail) to record: the
 * notice, the unit whose file it is (null for the notice's own files), the file's original name and who added it.
 */
public record AttachmentAdded(long noticeId, String unitCode, String fileName, String userId, long attachmentId,
                              String ownerKind) {
}
