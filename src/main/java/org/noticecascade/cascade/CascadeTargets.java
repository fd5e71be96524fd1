package org.noticecascade.cascade;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.orgdirectory.Unit;
import org.noticecascade.orgdirectory.UnitRepository;
import org.noticecascade.progress.ProgressRepository;
import org.springframework.stereotype.Component;

/**
 * The collections the multi-instance call activities fan out over: the notice's addressees, its 抄送 units, and a
 * unit's chosen subordinates. Computed from our tables when the fan-out starts, so no list is stored as a process variable.
 */
@Component("cascadeTargets")
public class CascadeTargets {

  private final NoticeService notices;
  private final UnitRepository units;
  private final ProgressRepository progress;

  CascadeTargets(NoticeService notices, UnitRepository units, ProgressRepository progress) {
    this.notices = notices;
    this.units = units;
    this.progress = progress;
  }

  public List<String> addressees(Number noticeId) {
    return notices.addressees(noticeId.longValue());
  }

  /** The units the notice is copied to (抄送): each gets a 阅知 instance, apart from the cascade. */
  public List<String> ccUnits(Number noticeId) {
    return notices.ccUnits(noticeId.longValue());
  }

  /** Whether an addressee of the notice must report, by the notice's reportingKinds and reportingUnits. */
  boolean mustReport(long noticeId, Unit addressee) {
    return notices.get(noticeId).mustReport(addressee.code(), addressee.kind().name());
  }

  /** The subordinates a unit chose in 传达, less any the notice already reached by another route. */
  public List<String> relayTargets(Number noticeId, String unitCode, Boolean cascadeToGrassroots) {
    ProgressRepository.RelayChoice choice = progress.relayChoice(noticeId.longValue(), unitCode);
    Set<String> reached = new HashSet<>(progress.reachedAmong(noticeId.longValue(), unitCode));
    return relayable(unitCode, Boolean.TRUE.equals(cascadeToGrassroots)).stream()
        .filter(u -> choice.kinds().contains(u.kind().name()) || choice.units().contains(u.code()))
        .map(Unit::code)
        .filter(code -> !reached.contains(code))
        .toList();
  }

  /** The children a unit may relay to: grassroots unions only when the notice cascades down to them. */
  List<Unit> relayable(String unitCode, boolean cascadeToGrassroots) {
    return units.children(unitCode).stream()
        .filter(u -> cascadeToGrassroots || !u.kind().isGrassroots())
        .toList();
  }
}
