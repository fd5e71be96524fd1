package org.noticecascade.progress;

import java.util.List;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.notice.Notice;
import org.noticecascade.orgdirectory.UnitRepository;
import org.springframework.stereotype.Service;

/**
 * The 留痕 of the part of a cascade a caller may see, the same part as its progress: the whole notice from the
 * issuer (its own steps, 签发, 编号, 汇总, 办结, and every unit's), a subtree by the units' paths, or one unit.
 */
@Service
class NoticeAudit {

  /** Rows per page of the API when the caller names none, and the most it may ask for. */
  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 1000;

  private final AuditTrail trail;
  private final UnitRepository units;

  NoticeAudit(AuditTrail trail, UnitRepository units) {
    this.trail = trail;
    this.units = units;
  }

  /** The steps under {@code root} (only its own when {@code oneUnit}), oldest first. */
  List<AuditTrail.Entry> entries(Notice notice, String root, boolean oneUnit, int limit, int offset) {
    if (oneUnit) {
      return trail.ofUnit(notice.id(), root, limit, offset);
    }
    if (root.equals(notice.issuerUnit())) {
      return trail.ofNotice(notice.id(), limit, offset);
    }
    return trail.ofSubtree(notice.id(), units.find(root).orElseThrow().path(), limit, offset);
  }
}
