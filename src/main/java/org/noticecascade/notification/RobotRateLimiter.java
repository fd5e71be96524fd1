package org.noticecascade.notification;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * At most N posts to one robot in any minute, counted in the database (table {@code robot_slot}, V25) so that every
 * dispatcher thread and node shares the count. A robot has N slots; a post takes the slot used longest ago if that
 * use is at least a minute old, by a conditional update on its last use, so of two dispatchers taking one slot only
 * one wins (the other takes the next). Each statement commits on its own: no lock is held while posting.
 */
class RobotRateLimiter {

  static final Duration WINDOW = Duration.ofMinutes(1);
  /** A new slot's last use: long ago. */
  private static final LocalDateTime NEVER = LocalDateTime.of(2000, 1, 1, 0, 0);

  private final NamedParameterJdbcTemplate jdbc;

  RobotRateLimiter(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Takes one post of the robot's allowance.
   *
   * @return empty when the post may go now; otherwise when the robot's next slot frees
   */
  Optional<LocalDateTime> reserve(String robotKey, int perMinute, LocalDateTime now) {
    MapSqlParameterSource p = new MapSqlParameterSource("key", robotKey).addValue("n", perMinute)
        .addValue("now", now).addValue("cutoff", now.minus(WINDOW));
    ensureSlots(robotKey, perMinute);
    for (int tries = 0; tries <= perMinute; tries++) {
      List<Slot> oldest = jdbc.query("select slot, used_at from robot_slot where robot_key = :key and slot < :n"
          + " order by used_at, slot limit 1", p, (rs, i) -> new Slot(rs.getInt("slot"),
          rs.getObject("used_at", LocalDateTime.class)));
      Slot slot = oldest.get(0);
      if (slot.usedAt().isAfter(now.minus(WINDOW))) {
        return Optional.of(slot.usedAt().plus(WINDOW));
      }
      if (jdbc.update("update robot_slot set used_at = :now where robot_key = :key and slot = :slot"
          + " and used_at = :usedAt", new MapSqlParameterSource(p.getValues()).addValue("slot", slot.slot())
          .addValue("usedAt", slot.usedAt())) == 1) {
        return Optional.empty();
      }
      // another dispatcher took this slot first: look again
    }
    return Optional.of(now.plusSeconds(1));
  }

  private record Slot(int slot, LocalDateTime usedAt) {
  }

  private void ensureSlots(String robotKey, int perMinute) {
    MapSqlParameterSource p = new MapSqlParameterSource("key", robotKey).addValue("n", perMinute);
    Integer have = jdbc.queryForObject("select count(*) from robot_slot where robot_key = :key and slot < :n", p,
        Integer.class);
    if (have != null && have >= perMinute) {
      return;
    }
    for (int slot = 0; slot < perMinute; slot++) {
      try {
        jdbc.update("insert into robot_slot (robot_key, slot, used_at) select :key, :slot, :never from (values (1)) one"
            + " where not exists (select 1 from robot_slot where robot_key = :key and slot = :slot)",
            new MapSqlParameterSource(p.getValues()).addValue("slot", slot).addValue("never", NEVER));
      } catch (DuplicateKeyException e) {
        // another dispatcher made it at the same moment
      }
    }
  }
}
