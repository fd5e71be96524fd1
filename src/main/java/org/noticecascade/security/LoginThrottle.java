package org.noticecascade.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts wrong passwords per user and client address. A pair with {@code maxFailures} of them within
 * {@code window} is refused for {@code lockDuration}, even with the right password, while the same user from
 * another address may still log in; a right password clears the pair's count. Kept in memory on each node: a
 * restart, or another node of a cluster, starts from nothing.
 */
final class LoginThrottle {

  /** A pair refused until {@code until}. */
  record Lock(String userId, String address, Instant until) {
  }

  private record Pair(String user, String address) {
  }

  private static final class Failures {
    final Deque<Instant> times = new ArrayDeque<>();
    Instant lockedUntil;
  }

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  /** Camunda's user ids are at most 64 characters; a longer name cannot be a user, so it needs no more room. */
  private static final int MAX_USER_LENGTH = 64;
  /** Made-up names must not grow the map without bound: past this size, forgotten pairs are dropped. */
  private static final int PURGE_ABOVE = 10_000;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Duration lockDuration;
  private final Map<Pair, Failures> pairs = new HashMap<>();

  LoginThrottle(Clock clock, int maxFailures, Duration window, Duration lockDuration) {
    if (maxFailures < 1 || !positive(window) || !positive(lockDuration)) {
      throw new IllegalArgumentException("notice-cascade.login: max-failures must be at least 1, window and"
          + " lock-duration positive (were " + maxFailures + ", " + window + ", " + lockDuration + ")");
    }
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
    this.lockDuration = lockDuration;
  }

  /** How long the pair is still refused, or empty when it may try. */
  synchronized Optional<Duration> lockedFor(String user, String address) {
    Failures f = pairs.get(pair(user, address));
    Instant now = clock.instant();
    if (f == null || f.lockedUntil == null || !now.isBefore(f.lockedUntil)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, f.lockedUntil));
  }

  /**
   * Checks the password unless the pair is locked, and counts the outcome. The check runs outside the monitor:
   * it reads the database and hashes, and must not hold up other logins.
   */
  boolean attempt(String user, String address, BooleanSupplier passwordCheck) {
    if (lockedFor(user, address).isPresent()) {
      return false;
    }
    boolean right = passwordCheck.getAsBoolean();
    if (right) {
      succeeded(user, address);
    } else {
      failed(user, address);
    }
    return right;
  }

  synchronized void failed(String user, String address) {
    Pair key = pair(user, address);
    Instant now = clock.instant();
    if (pairs.size() > PURGE_ABOVE) {
      pairs.values().removeIf(f -> forgotten(f, now));
    }
    Failures f = pairs.computeIfAbsent(key, k -> new Failures());
    dropOld(f, now);
    f.times.addLast(now);
    if (f.times.size() >= maxFailures) {
      f.times.clear();
      f.lockedUntil = now.plus(lockDuration);
      LOG.warn("login of user '{}' from {} locked until {} after {} wrong passwords", key.user(), key.address(),
          f.lockedUntil, maxFailures);
    }
  }

  synchronized void succeeded(String user, String address) {
    pairs.remove(pair(user, address));
  }

  /** The pairs refused now, soonest free first. */
  synchronized List<Lock> locks() {
    Instant now = clock.instant();
    return pairs.entrySet().stream()
        .filter(e -> e.getValue().lockedUntil != null && now.isBefore(e.getValue().lockedUntil))
        .map(e -> new Lock(e.getKey().user(), e.getKey().address(), e.getValue().lockedUntil))
        .sorted(Comparator.comparing(Lock::until)).toList();
  }

  /** Forgets the user's count and locks on every address; answers how many pairs were locked. */
  synchronized int unlock(String user) {
    String name = name(user);
    Instant now = clock.instant();
    int locked = 0;
    var it = pairs.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getKey().user().equals(name)) {
        Instant until = e.getValue().lockedUntil;
        if (until != null && now.isBefore(until)) {
          locked++;
        }
        it.remove();
      }
    }
    return locked;
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private void dropOld(Failures f, Instant now) {
    Instant start = now.minus(window);
    while (!f.times.isEmpty() && !f.times.peekFirst().isAfter(start)) {
      f.times.removeFirst();
    }
  }

  private boolean forgotten(Failures f, Instant now) {
    dropOld(f, now);
    return f.times.isEmpty() && (f.lockedUntil == null || !now.isBefore(f.lockedUntil));
  }

  private static Pair pair(String user, String address) {
    return new Pair(name(user), address == null ? "" : address);
  }

  /**
   * Case-folded, so that "Admin" and "admin" share a count on databases that compare ids without case; control
   * characters go, since the name ends up in the log.
   */
  private static String name(String user) {
    String n = user == null ? "" : user.replaceAll("\\p{Cntrl}", "?").toLowerCase(Locale.ROOT);
    return n.length() > MAX_USER_LENGTH ? n.substring(0, MAX_USER_LENGTH) : n;
  }
}
