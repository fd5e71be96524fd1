package org.noticecascade.cascade;

/** The per-unit process: its key, element ids and variable names, as BPMN, forms, code and tests use them. */
public final class UnitCascadeProcess {

  public static final String KEY = "unitCascade";

  // element ids
  public static final String START = "Start_NoticeReceived";
  public static final String TASK_RECEIVE = "Task_Receive";
  public static final String END_ALREADY_REACHED = "End_AlreadyReached";
  public static final String TASK_ACKNOWLEDGE = "Task_Acknowledge";
  public static final String TASK_RELAY = "Task_Relay";
  public static final String CALL_RELAY = "CallActivity_Relay";
  public static final String TASK_STUDY = "Task_Study";
  public static final String TASK_REPORT = "Task_Report";
  public static final String TASK_REVIEW = "Task_Review";
  public static final String END_UNIT_DONE = "End_UnitDone";
  public static final String END_RELAYED_UNIT_DONE = "End_RelayedUnitDone";

  // form ids
  public static final String FORM_ACKNOWLEDGE = "acknowledge";
  public static final String FORM_RELAY = "relay";
  public static final String FORM_STUDY = "study";
  public static final String FORM_REPORT = "report";
  public static final String FORM_REVIEW = "review";

  // handed down by the caller
  public static final String NOTICE_ID = "noticeId";
  public static final String UNIT_CODE = "unitCode";
  public static final String SUPERIOR_CODE = "superiorCode";
  public static final String REPORT_DUE_DATE = "reportDueDate";
  public static final String INSTRUCTIONS = "instructions";
  public static final String CASCADE_TO_GRASSROOTS = "cascadeToGrassroots";
  // set on receipt
  public static final String ALREADY_REACHED = "alreadyReached";
  public static final String UNIT_NAME = "unitName";
  public static final String UNIT_GROUP = "unitGroup";
  public static final String SUPERIOR_UNIT_NAME = "superiorUnitName";
  public static final String SUPERIOR_GROUP = "superiorGroup";
  public static final String HAS_SUBORDINATES = "hasSubordinates";
  public static final String SUBORDINATE_KIND_OPTIONS = "subordinateKindOptions";
  public static final String SUBORDINATE_UNIT_OPTIONS = "subordinateUnitOptions";
  public static final String RELAYED = "relayed";
  // Task_Acknowledge
  public static final String ACKNOWLEDGE_NOTE = "acknowledgeNote";
  // Task_Relay
  public static final String RELAY_KINDS = "relayKinds";
  public static final String RELAY_UNITS = "relayUnits";
  public static final String RELAY_DUE_DATE = "relayDueDate";
  public static final String RELAY_INSTRUCTIONS = "relayInstructions";
  public static final String SUBORDINATE_UNIT = "subordinateUnit";
  // Task_Study
  public static final String STUDY_RECORDED = "studyRecorded";
  public static final String STUDY_FORM = "studyForm";
  public static final String STUDY_DATE = "studyDate";
  public static final String PARTICIPANTS = "participants";
  public static final String STUDY_SUMMARY = "studySummary";
  public static final String MORE_STUDY = "moreStudy";
  // Task_Report
  public static final String SUBORDINATE_REPORTS = "subordinateReports";
  public static final String REPORT_TEXT = "reportText";
  public static final String REPORT_ACTIVITY_COUNT = "reportActivityCount";
  public static final String REPORT_PARTICIPANT_COUNT = "reportParticipantCount";
  // Task_Review
  public static final String REVIEW_DECISION = "reviewDecision";
  public static final String RETURN_REASON = "returnReason";
  public static final String ACCEPT = "accept";
  public static final String RETURN = "return";

  private UnitCascadeProcess() {
  }
}
