package org.noticecascade.notification;

import java.util.Arrays;
import java.util.Optional;

/** Where one message stands on one channel. */
enum DeliveryStatus {
  PENDING("pending", "待发送"),
  SENDING("sending", "发送中"),
  SENT("sent", "已发送"),
  FAILED("failed", "发送失败"),
  /** Nothing to send it to on this channel (a unit without a robot, and no default robot): done, not failed. */
  SKIPPED("skipped", "无接收方，未发送");

  private final String key;
  private final String label;

  DeliveryStatus(String key, String label) {
    this.key = key;
    this.label = label;
  }

  String key() {
    return key;
  }

  String label() {
    return label;
  }

  static Optional<DeliveryStatus> of(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
