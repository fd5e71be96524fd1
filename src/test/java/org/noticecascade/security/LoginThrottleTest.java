package org.noticecascade.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The throttle's rules, on a clock the test moves: 3 wrong passwords within 10 minutes lock a pair for 15. */
class LoginThrottleTest {

  private static final String HERE = "192.0.2.1";
  private static final String THERE = "192.0.2.2";

  private Instant now = Instant.parse("2026-11-23T09:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneId.of("Asia/Shanghai");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(10), Duration.ofMinutes(15));
  private final AtomicInteger checks = new AtomicInteger();

  /** A login as the filters run it: the password is checked only when the throttle lets it start. */
  private boolean login(String user, String address, boolean rightPassword) {
    if (throttle.start(user, address).isPresent()) {
      return false;
    }
    checks.incrementAndGet();
    throttle.finish(user, address, rightPassword);
    return rightPassword;
  }

  private void later(Duration d) {
    now = now.plus(d);
  }

  @Test
  void theThirdWrongPasswordLocksThePairAndEvenTheRightOneIsNotLookedAtThen() {
    assertThat(login("scclerk", HERE, false)).isFalse();
    assertThat(login("scclerk", HERE, false)).isFalse();
    assertThat(throttle.lockedFor("scclerk", HERE)).isEmpty();
    assertThat(login("scclerk", HERE, false)).isFalse();
    assertThat(throttle.lockedFor("scclerk", HERE)).contains(Duration.ofMinutes(15));

    later(Duration.ofMinutes(5));
    assertThat(login("scclerk", HERE, true)).isFalse();
    assertThat(checks).hasValue(3);
    assertThat(throttle.lockedFor("scclerk", HERE)).contains(Duration.ofMinutes(10));
    // the same user elsewhere, and another user here, are not affected
    assertThat(login("scclerk", THERE, true)).isTrue();
    assertThat(login("sccdclerk", HERE, true)).isTrue();
    // nor is the user under another spelling of the same id
    assertThat(throttle.lockedFor("SCClerk", HERE)).isPresent();

    later(Duration.ofMinutes(10));
    assertThat(throttle.lockedFor("scclerk", HERE)).isEmpty();
    assertThat(login("scclerk", HERE, true)).isTrue();
  }

  @Test
  void guessesSentInParallelCannotAllGetPastTheLimit() {
    // a script with the right password may run many logins at once, but not without bound
    for (int i = 0; i < LoginThrottle.MAX_UNDER_WAY; i++) {
      assertThat(throttle.start("scclerk", HERE)).isEmpty();
    }
    assertThat(throttle.start("scclerk", HERE)).contains(new LoginThrottle.Refusal(false, Duration.ofSeconds(1)));
    for (int i = 0; i < LoginThrottle.MAX_UNDER_WAY; i++) {
      throttle.finish("scclerk", HERE, true);
    }
    // after a failure, no more start at once than failures may still happen before the lock
    assertThat(login("scclerk", HERE, false)).isFalse();
    assertThat(throttle.start("scclerk", HERE)).isEmpty();
    assertThat(throttle.start("scclerk", HERE)).isEmpty();
    assertThat(throttle.start("scclerk", HERE)).contains(new LoginThrottle.Refusal(false, Duration.ofSeconds(1)));
    throttle.finish("scclerk", HERE, false);
    throttle.finish("scclerk", HERE, false);
    assertThat(throttle.lockedFor("scclerk", HERE)).contains(Duration.ofMinutes(15));
  }

  @Test
  void failuresOlderThanTheWindowNoLongerCount() {
    login("scclerk", HERE, false);
    later(Duration.ofMinutes(6));
    login("scclerk", HERE, false);
    later(Duration.ofMinutes(5));
    // the first has left the window: two within ten minutes
    login("scclerk", HERE, false);
    assertThat(throttle.lockedFor("scclerk", HERE)).isEmpty();
    login("scclerk", HERE, false);
    assertThat(throttle.lockedFor("scclerk", HERE)).isPresent();
  }

  @Test
  void theRightPasswordClearsTheCount() {
    login("scclerk", HERE, false);
    login("scclerk", HERE, false);
    assertThat(login("scclerk", HERE, true)).isTrue();
    login("scclerk", HERE, false);
    login("scclerk", HERE, false);
    assertThat(throttle.lockedFor("scclerk", HERE)).isEmpty();
    assertThat(login("scclerk", HERE, true)).isTrue();
  }

  @Test
  void unlockFreesTheUserOnEveryAddressAndListsNoMore() {
    for (int i = 0; i < 3; i++) {
      login("scclerk", HERE, false);
      login("scclerk", THERE, false);
      login("sccdclerk", HERE, false);
    }
    assertThat(throttle.locks()).extracting(LoginThrottle.Lock::userId, LoginThrottle.Lock::address)
        .containsExactlyInAnyOrder(
            tuple("scclerk", HERE), tuple("scclerk", THERE),
            tuple("sccdclerk", HERE));
    assertThat(throttle.locks()).allSatisfy(l -> assertThat(l.until()).isEqualTo(now.plus(Duration.ofMinutes(15))));

    assertThat(throttle.unlock("SCCLERK")).isEqualTo(2);
    assertThat(login("scclerk", HERE, true)).isTrue();
    assertThat(throttle.lockedFor("scclerk", THERE)).isEmpty();
    assertThat(throttle.lockedFor("sccdclerk", HERE)).isPresent();
    assertThat(throttle.unlock("nobody")).isZero();
  }

  @Test
  void nonsenseSettingsAreRefusedAtStartUp() {
    assertThatThrownBy(() -> new LoginThrottle(clock, 0, Duration.ofMinutes(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-failures");
    assertThatThrownBy(() -> new LoginThrottle(clock, 5, Duration.ZERO, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoginThrottle(clock, 5, Duration.ofMinutes(1), Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
