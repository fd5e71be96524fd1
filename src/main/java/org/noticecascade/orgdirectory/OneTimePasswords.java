package org.noticecascade.orgdirectory;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Random passwords. A one-time password is read off a sheet and typed once, so it has 12 characters from an
 * alphabet without look-alikes (0/O, 1/l/I); it holds each kind Camunda's password policy asks for (upper and
 * lower case, digit, symbol) and never the user id. An unusable password is one nobody is told: the way an account
 * without a password of its own (deactivated, or logging in elsewhere) is closed to password logins.
 */
final class OneTimePasswords {

  private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
  private static final String DIGITS = "23456789";
  private static final String SYMBOLS = "#%+=@";
  private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;
  private static final SecureRandom RANDOM = new SecureRandom();

  private OneTimePasswords() {
  }

  static String oneTime(String userId) {
    return random(12, userId);
  }

  static String unusable(String userId) {
    return random(40, userId);
  }

  private static String random(int length, String userId) {
    while (true) {
      char[] password = new char[length];
      String[] kinds = {UPPER, LOWER, DIGITS, SYMBOLS};
      for (int i = 0; i < length; i++) {
        String from = i < kinds.length ? kinds[i] : ALL;
        password[i] = from.charAt(RANDOM.nextInt(from.length()));
      }
      // the kinds were placed first: shuffle them in
      for (int i = length - 1; i > 0; i--) {
        int j = RANDOM.nextInt(i + 1);
        char c = password[i];
        password[i] = password[j];
        password[j] = c;
      }
      String candidate = new String(password);
      if (!candidate.toUpperCase(Locale.ROOT).contains(userId.toUpperCase(Locale.ROOT))) {
        return candidate;
      }
    }
  }
}
