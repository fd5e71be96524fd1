package org.noticecascade.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps {@code progress_rollup}: the totals of each subtree rooted at cascade levels 1 to 4, level by level, so that
 * the progress of a national root reads a few hundred rows (V6__progress_rollup.sql).
 *
 * <p>Whoever writes a unit's row of {@code cascade_unit} calls {@link #touch} first, in the same transaction. The
 * unit's counts are read then, and again just before the commit; the difference goes to the rows of its ancestors.
 * Doing it at the commit keeps the lock on a busy province's row for the commit alone, and applying every change in
 * one fixed order means two commits never wait for each other crosswise. A rollback takes it all back.
 */
@Component
public class ProgressRollup {

  /** Rows per unit and level that share its counts (by the counted unit's code): see V6. */
  static final int SHARDS = 8;

  private static final List<Tally.Measure> MEASURES = List.of(Tally.Measure.values());

  private static final String COUNTS = ProgressQueries.SUMS + ", c.level, c.level1_unit, c.level2_unit, c.level3_unit,"
      + " c.level4_unit from cascade_unit c";

  private static final String GROUP_BY = " group by c.level, c.level1_unit, c.level2_unit, c.level3_unit, c.level4_unit";

  private static final String ADD = "update progress_rollup set "
      + MEASURES.stream().map(m -> m.column + " = " + m.column + " + :m" + m.ordinal()).collect(Collectors.joining(", "))
      + ", relays = relays + :relays, relay_sum = relay_sum + :relay_sum, relay_max = greatest(relay_max, :relay_max)"
      + " where notice_id = :notice and unit_code = :unit and level = :level and shard = :shard";

  private static final String COLUMNS = "notice_id, unit_code, level, shard, "
      + MEASURES.stream().map(m -> m.column).collect(Collectors.joining(", ")) + ", relays, relay_sum, relay_max";

  private static final String VALUES = ":notice, :unit, :level, :shard, "
      + MEASURES.stream().map(m -> ":m" + m.ordinal()).collect(Collectors.joining(", "))
      + ", :relays, :relay_sum, :relay_max";

  private final NamedParameterJdbcTemplate jdbc;
  /** How a row that does not exist yet is inserted, unless another transaction inserts it first. */
  private final String insertIfAbsent;

  /** Rows another transaction inserted between our update and our insert: added to again (counted). */
  private final Counter conflicts;

  ProgressRollup(NamedParameterJdbcTemplate jdbc, DataSource dataSource, ObjectProvider<MeterRegistry> meters)
      throws SQLException {
    this.jdbc = jdbc;
    this.conflicts = Counter.builder("notice_cascade.progress.rollup.conflicts")
        .description("进度汇总行并发冲突后重试的次数，本节点 Progress roll-up rows retried after a concurrent insert")
        .register(meters.getIfAvailable(() -> Metrics.globalRegistry));
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    }
    // PostgreSQL waits for the other transaction's row and then inserts nothing; H2 has no ON CONFLICT outside its
    // PostgreSQL mode, and there a race fails the step, whose retry then finds the row
    this.insertIfAbsent = "PostgreSQL".equalsIgnoreCase(product)
        ? "insert into progress_rollup (" + COLUMNS + ") values (" + VALUES + ") on conflict do nothing"
        : "insert into progress_rollup (" + COLUMNS + ") select " + VALUES + " from (values (1)) as one where not"
            + " exists (select 1 from progress_rollup where notice_id = :notice and unit_code = :unit"
            + " and level = :level and shard = :shard)";
  }

  /**
   * Called before a unit's row is inserted or changed, in the writing transaction: at its commit the change is
   * added to the subtree totals above the unit.
   */
  public void touch(long noticeId, String unitCode) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("进度表只能在事务中修改（通知 " + noticeId + "，单位 " + unitCode + "）");
    }
    Pending pending = TransactionSynchronizationManager.getSynchronizations().stream()
        .filter(s -> s instanceof Pending p && p.owner() == this).map(Pending.class::cast).findFirst()
        .orElseGet(() -> {
          Pending p = new Pending(this);
          TransactionSynchronizationManager.registerSynchronization(p);
          return p;
        });
    pending.before().computeIfAbsent(new UnitKey(noticeId, unitCode), this::counts);
  }

  private record UnitKey(long noticeId, String unitCode) {
  }

  /** One unit's counts (all zero when it has no row yet), and its ancestors at levels 1 to 4. */
  private record Counts(int level, String[] ancestors, long[] values, long relayMax) {

    static final int VALUES = Tally.Measure.values().length + 2;

    static Counts none() {
      return new Counts(0, new String[0], new long[VALUES], 0);
    }
  }

  private Counts counts(UnitKey key) {
    List<Counts> found = jdbc.query("select " + COUNTS + " where c.notice_id = :notice and c.unit_code = :unit"
        + GROUP_BY, new MapSqlParameterSource("notice", key.noticeId()).addValue("unit", key.unitCode()), (rs, i) -> {
          long[] values = new long[Counts.VALUES];
          for (Tally.Measure m : MEASURES) {
            values[m.ordinal()] = rs.getLong("m" + m.ordinal());
          }
          values[MEASURES.size()] = rs.getLong("relays");
          values[MEASURES.size() + 1] = rs.getLong("relay_sum");
          int level = rs.getInt("level");
          String[] ancestors = new String[Math.min(level, ProgressQueries.LEVEL_COLUMNS)];
          for (int k = 0; k < ancestors.length; k++) {
            ancestors[k] = rs.getString("level" + (k + 1) + "_unit");
          }
          return new Counts(level, ancestors, values, rs.getLong("relay_max"));
        });
    return found.isEmpty() ? Counts.none() : found.get(0);
  }

  /** A row of progress_rollup, in the order every transaction locks them. */
  private record RowKey(long noticeId, String unitCode, int level, int shard) {
    static final Comparator<RowKey> ORDER = Comparator.comparingLong(RowKey::noticeId)
        .thenComparing(RowKey::unitCode).thenComparingInt(RowKey::level).thenComparingInt(RowKey::shard);
  }

  /** Adds the differences of the units touched in this transaction to their ancestors' rows. */
  private void apply(Map<UnitKey, Counts> before) {
    Map<RowKey, long[]> deltas = new TreeMap<>(RowKey.ORDER);
    Map<RowKey, Long> maxima = new TreeMap<>(RowKey.ORDER);
    for (Map.Entry<UnitKey, Counts> e : before.entrySet()) {
      UnitKey unit = e.getKey();
      Counts was = e.getValue();
      Counts now = counts(unit);
      Counts shape = now.level() > 0 ? now : was;
      long[] delta = new long[Counts.VALUES];
      boolean changed = now.relayMax() > was.relayMax();
      for (int i = 0; i < delta.length; i++) {
        delta[i] = now.values()[i] - was.values()[i];
        changed |= delta[i] != 0;
      }
      if (!changed || shape.level() == 0) {
        continue;
      }
      int shard = Math.floorMod(unit.unitCode().hashCode(), SHARDS);
      for (String ancestor : shape.ancestors()) {
        RowKey row = new RowKey(unit.noticeId(), ancestor, shape.level(), shard);
        long[] sum = deltas.computeIfAbsent(row, r -> new long[Counts.VALUES]);
        for (int i = 0; i < sum.length; i++) {
          sum[i] += delta[i];
        }
        maxima.merge(row, now.relayMax(), Math::max);
      }
    }
    deltas.forEach((row, delta) -> add(row, delta, maxima.get(row)));
  }

  private void add(RowKey row, long[] delta, long relayMax) {
    MapSqlParameterSource p = new MapSqlParameterSource("notice", row.noticeId()).addValue("unit", row.unitCode())
        .addValue("level", row.level()).addValue("shard", row.shard())
        .addValue("relays", delta[MEASURES.size()]).addValue("relay_sum", delta[MEASURES.size() + 1])
        .addValue("relay_max", relayMax);
    for (Tally.Measure m : MEASURES) {
      p.addValue("m" + m.ordinal(), delta[m.ordinal()]);
    }
    if (jdbc.update(ADD, p) == 0 && jdbc.update(insertIfAbsent, p) == 0) {
      // another transaction inserted the row after our update found none
      conflicts.increment();
      jdbc.update(ADD, p);
    }
  }

  /**
   * Counts a notice's subtree totals afresh from its rows, for rows written around {@link #touch} (a repair, or data
   * loaded by hand). Its cost grows with the notice: run it when the notice is quiet.
   */
  @Transactional
  public void rebuild(long noticeId) {
    MapSqlParameterSource p = new MapSqlParameterSource("notice", noticeId);
    jdbc.update("delete from progress_rollup where notice_id = :notice", p);
    String sums = Arrays.stream(Tally.Measure.values()).map(m -> m.sql).collect(Collectors.joining(", "));
    for (int k = 1; k <= ProgressQueries.LEVEL_COLUMNS; k++) {
      String column = "c.level" + k + "_unit";
      jdbc.update("insert into progress_rollup (" + COLUMNS + ") select c.notice_id, " + column + ", c.level, 0, "
          + sums + ", count(c.relay_seconds), coalesce(sum(c.relay_seconds), 0), coalesce(max(c.relay_seconds), 0)"
          + " from cascade_unit c where c.notice_id = :notice and " + column + " is not null"
          + " group by c.notice_id, " + column + ", c.level", p);
    }
  }

  /** The units touched in one transaction with their counts before, applied when it commits. */
  private record Pending(ProgressRollup owner, Map<UnitKey, Counts> before) implements TransactionSynchronization {

    Pending(ProgressRollup owner) {
      this(owner, new LinkedHashMap<>());
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      owner.apply(before);
    }
  }
}
