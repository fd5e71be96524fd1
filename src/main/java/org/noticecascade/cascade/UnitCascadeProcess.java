package org.noticecascade.cascade;

/** The per-unit process: its key, element ids and variable names, as BPMN, forms, code and tests use them. */
public final class UnitCascadeProcess {

  public static final String KEY = "unitCascade";

  // element ids
  public static final String START = "Start_NoticeReceived";
  public static final String TASK_RECEIVE = "Task_Receive";
  public static final String END_ALREADY_REACHED = "End_AlreadyReached";
  public static final String TASK_ACKNOWLEDGE = "Task_Acknowledge";
  /** after 签收 a unit with subordinates gets 传达 and 学习贯彻 at once, in either order (先学一步) */
  public static final String GATEWAY_RELAY_AND_STUDY = "Gateway_RelayAndStudy";
  public static final String TASK_RELAY = "Task_Relay";
  /** 向下级传达 or 本单位学习，不再下发 */
  public static final String GATEWAY_RELAY_DECISION = "Gateway_RelayDecision";
  /** the relay decision made and study done: then the unit reports, if it must */
  public static final String GATEWAY_RELAY_DECIDED = "Gateway_RelayDecided";
  /** study done: a unit with subordinates waits for its relay decision as well */
  public static final String GATEWAY_STUDY_DONE = "Gateway_StudyDone";
  public static final String GATEWAY_READY_TO_REPORT = "Gateway_ReadyToReport";
  public static final String GATEWAY_MUST_REPORT = "Gateway_MustReport";
  public static final String CALL_RELAY = "CallActivity_Relay";
  public static final String TASK_STUDY = "Task_Study";
  public static final String TASK_REPORT = "Task_Report";
  public static final String TASK_REVIEW = "Task_Review";
  public static final String END_UNIT_DONE = "End_UnitDone";
  public static final String END_RELAYED_UNIT_DONE = "End_RelayedUnitDone";
  // reminders (催办) and escalation (督办); the timers' dates come from the `deadlines` bean
  public static final String TIMER_ACKNOWLEDGE_REMINDER = "Timer_AcknowledgeReminder";
  public static final String TASK_REMIND_ACKNOWLEDGE = "Task_RemindAcknowledge";
  public static final String TIMER_REPORT_DUE_SOON = "Timer_ReportDueSoon";
  public static final String TASK_REMIND_DUE_SOON = "Task_RemindDueSoon";
  /** right after each deadline timer: a unit that need not report is neither reminded nor marked overdue */
  public static final String GATEWAY_DUE_SOON_MUST_REPORT = "Gateway_DueSoonMustReport";
  public static final String END_DUE_SOON_NOT_REQUIRED = "End_DueSoonNotRequired";
  public static final String GATEWAY_OVERDUE_MUST_REPORT = "Gateway_OverdueMustReport";
  public static final String END_OVERDUE_NOT_REQUIRED = "End_OverdueNotRequired";
  public static final String TIMER_REPORT_OVERDUE = "Timer_ReportOverdue";
  public static final String TASK_MARK_OVERDUE = "Task_MarkOverdue";
  public static final String SUBPROCESS_ESCALATION = "SubProcess_Escalation";
  public static final String TASK_ESCALATE = "Task_Escalate";
  public static final String TIMER_DAILY_REMINDER = "Timer_DailyReminder";
  public static final String TASK_REMIND_OVERDUE = "Task_RemindOverdue";
  /** chase-days working days past the due date: no more daily reminders, the 督办 task stays */
  public static final String TASK_STOP_CHASE = "Task_StopChase";
  public static final String END_CHASE_STOPPED = "End_ChaseStopped";
  public static final String BOUNDARY_REPORT_ARRIVED = "Boundary_ReportArrived";

  // form ids
  public static final String FORM_ACKNOWLEDGE = "acknowledge";
  public static final String FORM_RELAY = "relay";
  public static final String FORM_STUDY = "study";
  public static final String FORM_REPORT = "report";
  public static final String FORM_REVIEW = "review";
  public static final String FORM_ESCALATE = "escalate";

  // handed down by the caller: the notice's particulars (the same names as in NoticeProcess), who the unit is
  public static final String NOTICE_ID = "noticeId";
  public static final String DOC_NUMBER = "docNumber";
  public static final String TITLE = "title";
  public static final String SUMMARY = "summary";
  public static final String ISSUER_UNIT_NAME = "issuerUnitName";
  /** 成文日期, YYYY-MM-DD */
  public static final String ISSUED_ON = "issuedOn";
  /** the notice's 主送 line */
  public static final String ADDRESSEE_WORDING = "addresseeWording";
  /** 1 for the notice's addressees, one more at each relay */
  public static final String CASCADE_LEVEL = "cascadeLevel";
  public static final String UNIT_CODE = "unitCode";
  public static final String SUPERIOR_CODE = "superiorCode";
  public static final String REPORT_DUE_DATE = "reportDueDate";
  /** the superior's 转发要求 (its {@link #RELAY_INSTRUCTIONS}); none for the notice's addressees */
  public static final String INSTRUCTIONS = "instructions";
  /**
   * The superior's 转发 document, handed down by its relay (its {@link #RELAY_TITLE} and {@link #RELAY_DOC_NUMBER}):
   * the unit's tasks show it first and the notice beneath as 依据. None for the notice's addressees; the 转发's unit is
   * {@link #FORWARD_UNIT_NAME} and its requirements {@link #INSTRUCTIONS}, already handed down.
   */
  public static final String FORWARD_TITLE = "forwardTitle";
  public static final String FORWARD_DOC_NUMBER = "forwardDocNumber";
  /** the relaying unit's name, for the 转发 section of the forms (the report form names it as 报告对象 too) */
  public static final String FORWARD_UNIT_NAME = "forwardUnitName";
  public static final String CASCADE_TO_GRASSROOTS = "cascadeToGrassroots";
  /**
   * Whether the unit must report (Boolean): set on receipt, for the notice's addressees from its reportingKinds and
   * reportingUnits, below from the relaying unit's {@link #RELAY_REPORTING}. Handed down as
   * {@link #SUBORDINATES_MUST_REPORT}.
   */
  public static final String MUST_REPORT = "mustReport";
  // set on receipt (alreadyReached transient: only the gateway after Task_Receive reads it)
  public static final String ALREADY_REACHED = "alreadyReached";
  public static final String UNIT_NAME = "unitName";
  /** set by versions before the candidate groups came from {@link TaskGroups}; still checked where present */
  public static final String UNIT_GROUP = "unitGroup";
  public static final String SUPERIOR_UNIT_NAME = "superiorUnitName";
  /** as {@link #UNIT_GROUP} */
  public static final String SUPERIOR_GROUP = "superiorGroup";
  public static final String HAS_SUBORDINATES = "hasSubordinates";
  public static final String SUBORDINATE_KIND_OPTIONS = "subordinateKindOptions";
  public static final String SUBORDINATE_UNIT_OPTIONS = "subordinateUnitOptions";
  public static final String RELAYED = "relayed";
  /** set when the unit first submits its report: ends the overdue chase (a conditional event listens to it) */
  public static final String REPORT_SUBMITTED = "reportSubmitted";
  // overdue and escalation
  public static final String OVERDUE = "overdue";
  public static final String DAYS_LATE = "daysLate";
  public static final String ESCALATION_NOTE = "escalationNote";
  // Task_Acknowledge
  public static final String ACKNOWLEDGE_NOTE = "acknowledgeNote";
  // Task_Relay
  public static final String RELAY_KINDS = "relayKinds";
  public static final String RELAY_UNITS = "relayUnits";
  public static final String RELAY_DUE_DATE = "relayDueDate";
  public static final String RELAY_DUE_WORKING_DAYS = "relayDueWorkingDays";
  public static final String RELAY_INSTRUCTIONS = "relayInstructions";
  /** 转发标题: prefilled when the task appears ({@code RelayListener.defaultTitle}), required when relaying */
  public static final String RELAY_TITLE = "relayTitle";
  /** 转发文号, optional: unique per relaying unit by its key (notice.DocNumbers), across its 转发 and its notices */
  public static final String RELAY_DOC_NUMBER = "relayDocNumber";
  public static final String SUBORDINATE_UNIT = "subordinateUnit";
  /** {@link #RELAY} (向下级传达, the default) or {@link #KEEP} (本单位学习，不再下发, with {@link #KEEP_REASON}) */
  public static final String RELAY_DECISION = "relayDecision";
  public static final String RELAY = "relay";
  public static final String KEEP = "keep";
  public static final String KEEP_REASON = "keepReason";
  /** {@link #REPORTING_REPORT} (需报告, the default) or {@link #REPORTING_INFORM} (仅传达学习): the subordinates' mustReport */
  public static final String RELAY_REPORTING = "relayReporting";
  public static final String REPORTING_REPORT = "report";
  public static final String REPORTING_INFORM = "inform";
  /** set by 传达 from {@link #RELAY_REPORTING}; each subordinate's {@link #MUST_REPORT} */
  public static final String SUBORDINATES_MUST_REPORT = "subordinatesMustReport";
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
