package org.noticecascade.attachment;

import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.NoticeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * 留痕 of a file added: written in the upload's own transaction (the event is published there), so a refused or
 * failed upload leaves no step behind. The notice's own files are the issuer's act; a unit's files the unit's.
 */
@Component
class AttachmentAudit {

  private final AuditTrail audit;
  private final NoticeService notices;

  AttachmentAudit(AuditTrail audit, NoticeService notices) {
    this.audit = audit;
    this.notices = notices;
  }

  @EventListener
  void added(AttachmentAdded e) {
    String actorUnit = e.unitCode() != null ? e.unitCode() : notices.get(e.noticeId()).issuerUnit();
    audit.attachmentAdded(String.valueOf(e.attachmentId()), e.noticeId(), actorUnit, e.userId(), actorUnit,
        e.fileName());
  }
}
