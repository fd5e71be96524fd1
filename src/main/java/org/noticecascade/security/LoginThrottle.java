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
 *
 * <p>Every login that {@link #start}s must {@link #finish}. Logins under way count too, so that guesses sent in
 * parallel cannot all get past the limit before the first of them fails: once the pair has a failure, no more
 * logins start than failures may still happen, and never more than {@link #MAX_UNDER_WAY} at once.
 */
final class LoginThrottle {

  /** A pair refused until {@code until}. */
  record Lock(String userId, String address, Instant until) {
  }

  /** Why a login may not start: the pair is {@code locked}, or too many of its logins are under way. */
  record Refusal(boolean locked, Duration retryAfter) {
  }

  /** A login's outcome: refused before its password was checked (then {@code refusal} says why), or checked. */
  record Verdict(Refusal refusal, boolean rightPassword) {
  }

  private record Pair(String user, String address) {
  }

  private static final class Failures {
    final Deque<Instant> times = new ArrayDeque<>();
    int underWay;
    Instant lockedUntil;
  }

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  /** Camunda's user ids are at most 64 characters; a longer name cannot be a user, so it needs no more room. */
  private static final int MAX_USER_LENGTH = 64;
  /** Made-up names must not grow the map without bound: past this size, forgotten pairs are dropped. */
  private static final int PURGE_ABOVE = 10_000;
  /** Far more than a script with the right password runs at once; bounds a first burst of guesses. */
  static final int MAX_UNDER_WAY = 20;
  private static final Refusal BUSY = new Refusal(false, Duration.ofSeconds(1));

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

  /** A whole login where the password is checked in one go: started, checked unless refused, finished. */
  Verdict login(String user, String address, BooleanSupplier passwordCheck) {
    Optional<Refusal> refusal = start(user, address);
    if (refusal.isPresent()) {
      return new Verdict(refusal.get(), false);
    }
    boolean right = false;
    try {
      right = passwordCheck.getAsBoolean();
    } finally {
      finish(user, address, right);
    }
    return new Verdict(null, right);
  }

  /** A login may go ahead (and then must {@link #finish}), or is refused for the reason given. */
  synchronized Optional<Refusal> start(String user, String address) {
    Optional<Duration> locked = lockedFor(user, address);
    if (locked.isPresent()) {
      return Optional.of(new Refusal(true, locked.get()));
    }
    Instant now = clock.instant();
    if (pairs.size() > PURGE_ABOVE) {
      pairs.values().removeIf(f -> forgotten(f, now));
    }
    Failures f = pairs.computeIfAbsent(pair(user, address), k -> new Failures());
    dropOld(f, now);
    if (f.underWay >= MAX_UNDER_WAY || (!f.times.isEmpty() && f.times.size() + f.underWay >= maxFailures)) {
      return Optional.of(BUSY);
    }
    f.underWay++;
    return Optional.empty();
  }

  /** A started login's outcome: a right password clears the pair, a wrong one (or none checked) counts. */
  synchronized void finish(String user, String address, boolean rightPassword) {
    Pair key = pair(user, address);
    Instant now = clock.instant();
    Failures f = pairs.computeIfAbsent(key, k -> new Failures());
    f.underWay = Math.max(0, f.underWay - 1);
    if (rightPassword) {
      f.times.clear();
      f.lockedUntil = null;
      if (f.underWay == 0) {
        pairs.remove(key);
      }
      return;
    }
    dropOld(f, now);
    f.times.addLast(now);
    if (f.times.size() >= maxFailures) {
      f.times.clear();
      f.lockedUntil = now.plus(lockDuration);
      LOG.warn("login of user '{}' from {} locked until {} after {} wrong passwords within {}", key.user(),
          key.address(), f.lockedUntil, maxFailures, window);
    }
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
    return f.times.isEmpty() && f.underWay == 0 && (f.lockedUntil == null || !now.isBefore(f.lockedUntil));
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
