package org.noticecascade.notification;

import java.nio.charset.StandardCharsets;

/** How a message reads as one plain text (robots, WeChat Work application messages, SMS). */
final class MessageText {

  private MessageText() {
  }

  /** Subject, body and link, a line each. */
  static String plain(Notification n) {
    StringBuilder content = new StringBuilder(n.subject());
    if (n.body() != null && !n.body().isBlank()) {
      content.append('\n').append(n.body());
    }
    if (n.link() != null) {
      content.append('\n').append(n.link());
    }
    return content.toString();
  }

  /** The subject's leading tag such as 【待签收】 (every message kind starts with one), or "" when it has none. */
  static String kind(String subject) {
    int end = subject.indexOf('】');
    return subject.startsWith("【") && end > 0 ? subject.substring(0, end + 1) : "";
  }

  /** The subject after its tag. */
  static String withoutKind(String subject) {
    return subject.substring(kind(subject).length()).strip();
  }

  static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Cuts the text to at most {@code max} UTF-8 bytes, on a character boundary, marking the cut with "…". */
  static String fitBytes(String text, int max) {
    if (bytes(text) <= max) {
      return text;
    }
    int budget = max - bytes("…");
    StringBuilder s = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int size = bytes(new String(Character.toChars(cp)));
      if (used + size > budget) {
        break;
      }
      s.appendCodePoint(cp);
      used += size;
      i += Character.charCount(cp);
    }
    return s.append('…').toString();
  }

  /** Cuts the text to at most {@code max} characters, marking the cut with "…". */
  static String fitChars(String text, int max) {
    return text.codePointCount(0, text.length()) <= max ? text
        : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }
}
