package org.noticecascade.progress;

import java.util.List;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.form.InputException;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.security.CurrentScope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 留痕 of a notice, scoped exactly as its progress (notice.NoticeService#viewRoot). */
@RestController
class AuditController {

  /** A page of steps, oldest first: the unit named ({@code unit}) or the part of the cascade shown. */
  record AuditView(long noticeId, String unitCode, boolean oneUnit, int limit, int offset,
                   List<AuditTrail.Entry> entries) {
  }

  private final NoticeService notices;
  private final NoticeAudit audit;
  private final CurrentScope scope;

  AuditController(NoticeService notices, NoticeAudit audit, CurrentScope scope) {
    this.notices = notices;
    this.audit = audit;
    this.scope = scope;
  }

  @GetMapping("/api/notices/{id}/audit")
  AuditView audit(@PathVariable long id, @RequestParam(required = false) String unit,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) Integer offset) {
    int rows = limit == null ? NoticeAudit.DEFAULT_LIMIT : limit;
    int from = offset == null ? 0 : offset;
    if (rows < 1 || rows > NoticeAudit.MAX_LIMIT) {
      throw new InputException("limit", "每页条数须在 1 到 " + NoticeAudit.MAX_LIMIT + " 之间");
    }
    if (from < 0) {
      throw new InputException("offset", "不能为负数");
    }
    String root = notices.viewRoot(id, unit, scope.get());
    Notice notice = notices.get(id);
    boolean oneUnit = unit != null && !unit.isBlank();
    return new AuditView(id, root, oneUnit, rows, from, audit.entries(notice, root, oneUnit, rows, from));
  }
}
