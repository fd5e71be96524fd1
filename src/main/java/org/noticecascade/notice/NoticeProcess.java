package org.noticecascade.notice;

/** The issuer's process: its key, element ids and variable names, as BPMN, forms, code and tests use them. */
public final class NoticeProcess {

  public static final String KEY = "noticeIssue";

  // element ids
  public static final String START = "Start_NoticeDrafted";
  public static final String TASK_REGISTER = "Task_RegisterNotice";
  /** 上传正文及附件: with attachBeforeDispatch the issuer's clerks attach the files before 签发 and 下发 */
  public static final String GATEWAY_ATTACH_FIRST = "Gateway_AttachFirst";
  public static final String TASK_ATTACH_FILES = "Task_AttachFiles";
  public static final String TASK_SIGN_OFF = "Task_SignOff";
  public static final String END_NOT_SIGNED_OFF = "End_NotSignedOff";
  /** 编号: after 签发 the issuer's clerks confirm the 文号 */
  public static final String TASK_ASSIGN_DOC_NUMBER = "Task_AssignDocNumber";
  public static final String TASK_DISPATCH = "Task_Dispatch";
  public static final String CALL_UNIT_CASCADE = "CallActivity_UnitCascade";
  public static final String TIMER_REPORT_DUE = "Timer_ReportDue";
  public static final String TASK_SUMMARY = "Task_Summary";
  public static final String END_NOTICE_CLOSED = "End_NoticeClosed";
  public static final String END_SUMMARIZED = "End_Summarized";
  public static final String END_ALL_UNITS_DONE = "End_AllUnitsDone";
  /** 抄送: one unitRead instance per unit copied, beside the cascade */
  public static final String CALL_CC_UNITS = "CallActivity_CcUnits";
  public static final String END_CC_UNITS_READ = "End_CcUnitsRead";
  // how a notice ends (issue 21): tracking, repeated 汇总, daily digest, bounded 办结
  public static final String SUB_PROCESS_TRACKING = "SubProcess_Tracking";
  public static final String TASK_TRACK = "Task_Track";
  public static final String TASK_RECORD_CLOSE = "Task_RecordClose";
  public static final String END_TRACKING_CLOSED = "End_TrackingClosed";
  public static final String TIMER_DAILY = "Timer_Daily";
  public static final String TASK_DAILY_CHECK = "Task_DailyCheck";
  public static final String END_CHASE_OVER = "End_ChaseOver";
  public static final String TASK_END_UNITS = "Task_EndUnits";

  // form ids
  public static final String FORM_START = "noticeStart";
  public static final String FORM_SIGN_OFF = "signOff";
  public static final String FORM_SUMMARY = "summary";
  public static final String FORM_NUMBER = "number";
  public static final String FORM_TRACK = "noticeTrack";
  public static final String FORM_ATTACH_FILES = "attachFiles";

  // variables: the start form and POST /api/notices
  public static final String DOC_NUMBER = "docNumber";
  public static final String TITLE = "title";
  public static final String ISSUER_UNIT = "issuerUnit";
  public static final String ISSUED_ON = "issuedOn";
  public static final String SUMMARY = "summary";
  public static final String ADDRESSEE_KINDS = "addresseeKinds";
  public static final String ADDRESSEE_UNITS = "addresseeUnits";
  /** 抄送单位: unit codes, picked like addresseeUnits; they read the notice (阅知) and do nothing else */
  public static final String CC_UNITS = "ccUnits";
  /** which addressees must report, by kind and by unit; both empty: every addressee must */
  public static final String REPORTING_KINDS = "reportingKinds";
  public static final String REPORTING_UNITS = "reportingUnits";
  public static final String REPORT_DUE_DATE = "reportDueDate";
  /** the due date as a number of working days from today, instead of reportDueDate */
  public static final String REPORT_DUE_WORKING_DAYS = "reportDueWorkingDays";
  // reminder settings of this notice in working days (optional; application.yaml has the defaults)
  public static final String ACKNOWLEDGE_REMINDER_DAYS = "acknowledgeReminderDays";
  public static final String DUE_SOON_DAYS = "dueSoonDays";
  public static final String CASCADE_TO_GRASSROOTS = "cascadeToGrassroots";
  public static final String SIGN_OFF_REQUIRED = "signOffRequired";
  /** 先上传正文及附件再下发: Task_AttachFiles comes before 签发 and 下发 (default false) */
  public static final String ATTACH_BEFORE_DISPATCH = "attachBeforeDispatch";
  public static final String INITIATOR = "initiator";
  // variables set by the process
  public static final String NOTICE_ID = "noticeId";
  public static final String ISSUER_UNIT_NAME = "issuerUnitName";
  public static final String ISSUER_GROUP = "issuerGroup";
  public static final String SIGN_OFF_GROUP = "signOffGroup";
  public static final String ADDRESSEE_UNIT = "addresseeUnit";
  /** the element variable of CallActivity_CcUnits */
  public static final String CC_UNIT = "ccUnit";
  /** the 主送 line worded from the addressee kinds and units, shown on every unit's 签收 form */
  public static final String ADDRESSEE_WORDING = "addresseeWording";
  /** whether Task_AssignDocNumber follows an approving 签发: the issuer must have a 文号, or one was drafted */
  public static final String NUMBERING_REQUIRED = "numberingRequired";
  /** the start form's option list for its unit pickers (主送, and after merging 抄送 and 需报告), per user */
  public static final String UNIT_OPTIONS = "unitOptions";
  // Task_AttachFiles: the issuer confirms the files are attached (required)
  public static final String FILES_ATTACHED = "filesAttached";
  // Task_SignOff
  public static final String SIGN_OFF_DECISION = "signOffDecision";
  public static final String SIGN_OFF_COMMENT = "signOffComment";
  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  // Task_Summary
  public static final String ROLL_UP = "rollUp";
  public static final String CLOSE_NOTICE = "closeNotice";
  // Task_Summary and Task_Track: the reason given when closing (办结理由), and who closed
  public static final String CLOSE_REASON = "closeReason";
  public static final String CLOSED_BY = "closedBy";
  // Task_Track: 立即汇总 or 办结通知
  public static final String TRACK_ACTION = "trackAction";
  public static final String SUMMARIZE = "summarize";
  public static final String CLOSE = "close";
  /** local to Task_Track's execution: an on-demand 汇总 is created (none was open) */
  public static final String SUMMARY_WANTED = "summaryWanted";
  // Task_DailyCheck, local to its execution: a 汇总 for late reports is due today; the notice's chase is over
  public static final String DAILY_SUMMARY_DUE = "dailySummaryDue";
  public static final String DAILY_CHASE_OVER = "dailyChaseOver";
  // Task_EndUnits: more unit instances remain to be ended
  public static final String UNITS_LEFT = "unitsLeft";

  private NoticeProcess() {
  }
}
