package org.noticecascade.audit;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of step the 留痕 records: the English key stored and answered, the Chinese label users read. */
public enum AuditStep {
  ISSUE("issue", "发文"),
  SIGN_OFF("signOff", "签发"),
  DOC_NUMBER("docNumber", "编号"),
  ACKNOWLEDGE("acknowledge", "签收"),
  RELAY("relay", "传达"),
  KEEP("keep", "不再下发"),
  STUDY("study", "学习"),
  REPORT("report", "报告"),
  ACCEPT("accept", "审核通过"),
  RETURN("return", "审核退回"),
  REMINDER("reminder", "催办"),
  OVERDUE("overdue", "逾期"),
  ESCALATION("escalation", "督办"),
  ESCALATION_HANDLED("escalationHandled", "督办办理"),
  READ("read", "阅知"),
  SUMMARY("summary", "汇总"),
  CLOSE("close", "办结"),
  ATTACHMENT("attachment", "上传附件");

  private final String key;
  private final String label;

  AuditStep(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public static Optional<AuditStep> of(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
