package org.noticecascade.progress;

import java.util.function.ToIntBiFunction;
import org.noticecascade.progress.ProgressService.Copies;
import org.noticecascade.progress.ProgressService.Counts;
import org.noticecascade.progress.ProgressService.Figures;

/**
 * The rates of a subtree, each a part over a whole, defined once here so that the API, the views, the workbook and
 * the clerks' texts divide alike.
 */
enum Rate {
  /** 签收率: acknowledged of all units reached. */
  ACKNOWLEDGED("签收率", (c, f) -> c.acknowledged(), (c, f) -> c.reached()),
  /** 传达率: of the units that have subordinates to relay to. */
  RELAYED("传达率", (c, f) -> c.relayed(), (c, f) -> f.withSubordinates()),
  /** 报告率: reported of the units that must report. */
  REPORTED("报告率", (c, f) -> c.reported(), (c, f) -> c.mustReport()),
  /** 审核通过率: accepted of those reported, so one accepted of one reported is all that was reviewed. */
  ACCEPTED("审核通过率", (c, f) -> c.accepted(), (c, f) -> c.reported()),
  /** 办结率: accepted of the units that must report, how much of the notice's work is done. */
  COMPLETED("办结率", (c, f) -> c.accepted(), (c, f) -> c.mustReport()),
  /**
   * 阅知率: read of the units copied (抄送). Those units stand apart from the cascade, so this rate divides their own
   * counts ({@link #part(Copies)}, {@link #whole(Copies)}) and never a subtree's.
   */
  READ("阅知率", Rate::notOfTheCascade, Rate::notOfTheCascade);

  final String label;
  private final ToIntBiFunction<Counts, Figures> part;
  private final ToIntBiFunction<Counts, Figures> whole;

  Rate(String label, ToIntBiFunction<Counts, Figures> part, ToIntBiFunction<Counts, Figures> whole) {
    this.label = label;
    this.part = part;
    this.whole = whole;
  }

  int part(Counts c, Figures f) {
    return part.applyAsInt(c, f);
  }

  int whole(Counts c, Figures f) {
    return whole.applyAsInt(c, f);
  }

  private static int notOfTheCascade(Counts c, Figures f) {
    throw new IllegalStateException("阅知率 divides the 抄送 units' counts, not a subtree's");
  }

  int part(Copies cc) {
    ofTheCopies();
    return cc.read();
  }

  int whole(Copies cc) {
    ofTheCopies();
    return cc.copied();
  }

  /** Only 阅知率 divides the copied units' counts; the cascade's rates never count them. */
  private void ofTheCopies() {
    if (this != READ) {
      throw new IllegalStateException(label + " divides a subtree's counts, not the 抄送 units'");
    }
  }

  String text(Copies cc) {
    return ProgressService.rate(part(cc), whole(cc));
  }

  /** As text, "40.0%"; a dash where there is nothing to divide by. */
  String text(Counts c, Figures f) {
    return ProgressService.rate(part(c, f), whole(c, f));
  }
}
