package org.noticecascade.progress;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a unit stands in one notice's cascade (the glossary's words, as the API shows them). */
public enum UnitStatus {
  RECEIVED("已收文"),
  ACKNOWLEDGED("已签收"),
  RELAYED("已传达"),
  STUDIED("已学习"),
  REPORTED("已报告"),
  RETURNED("已退回"),
  ACCEPTED("已通过");

  private final String label;

  UnitStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  @JsonValue
  public String key() {
    return name().toLowerCase();
  }

  public static UnitStatus ofKey(String key) {
    return valueOf(key.toUpperCase());
  }
}
