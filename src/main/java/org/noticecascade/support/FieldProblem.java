package org.noticecascade.support;

import java.util.Map;

/**
 * One bad field: its name as the API and the forms call it, and a message in Chinese. Shown to a person, the
 * field goes by its Chinese label.
 */
public record FieldProblem(String field, String message) {

  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("docNumber", "文号"), Map.entry("title", "标题"), Map.entry("issuerUnit", "发文单位"),
      Map.entry("issuedOn", "成文日期"), Map.entry("summary", "摘要/正文"), Map.entry("addresseeKinds", "主送单位类别"),
      Map.entry("addresseeUnits", "主送单位"), Map.entry("reportDueDate", "报告截止日期"),
      Map.entry("signOffDecision", "签发意见"), Map.entry("signOffComment", "签发说明"),
      Map.entry("acknowledgeNote", "签收备注"), Map.entry("relayKinds", "传达的下级单位类别"),
      Map.entry("relayUnits", "传达的下级单位"), Map.entry("relayDueDate", "下级报告截止日期"),
      Map.entry("relayInstructions", "传达要求"), Map.entry("studyForm", "学习形式"), Map.entry("studyDate", "学习日期"),
      Map.entry("participants", "参加人数"), Map.entry("studySummary", "学习情况"), Map.entry("reportText", "报告内容"),
      Map.entry("reportActivityCount", "学习活动次数"), Map.entry("reportParticipantCount", "参加人次"),
      Map.entry("reviewDecision", "审核结果"), Map.entry("returnReason", "退回理由"),
      Map.entry("reportDueWorkingDays", "报告期限（工作日）"), Map.entry("relayDueWorkingDays", "下级报告期限（工作日）"),
      Map.entry("acknowledgeReminderDays", "签收催办（工作日）"), Map.entry("dueSoonDays", "截止前催办（工作日）"),
      Map.entry("escalateAfterDays", "逾期后报告发文单位负责人（工作日）"), Map.entry("escalationNote", "督办情况"));

  public String label() {
    return LABELS.getOrDefault(field, field);
  }

  @Override
  public String toString() {
    return label() + "：" + message;
  }
}
