package org.noticecascade.cascade;

/**
 * The process of a unit a notice is copied to (抄送): its key, element ids and variable names. The unit reads the
 * notice (阅知) and is done: no relay, no report, no reminders. The notice's particulars and the unit carry the same
 * names as in {@link UnitCascadeProcess}, so Tasklist's columns and the shared listener code read them alike.
 */
public final class UnitReadProcess {

  public static final String KEY = "unitRead";

  // element ids
  public static final String START = "Start_CopyReceived";
  public static final String TASK_RECEIVE_COPY = "Task_ReceiveCopy";
  public static final String TASK_READ = "Task_Read";
  public static final String END_READ = "End_Read";

  // form id
  public static final String FORM_READ = "read";

  // handed down by the notice's process
  public static final String NOTICE_ID = UnitCascadeProcess.NOTICE_ID;
  public static final String DOC_NUMBER = UnitCascadeProcess.DOC_NUMBER;
  public static final String TITLE = UnitCascadeProcess.TITLE;
  public static final String SUMMARY = UnitCascadeProcess.SUMMARY;
  public static final String ISSUER_UNIT_NAME = UnitCascadeProcess.ISSUER_UNIT_NAME;
  public static final String ISSUED_ON = UnitCascadeProcess.ISSUED_ON;
  public static final String ADDRESSEE_WORDING = UnitCascadeProcess.ADDRESSEE_WORDING;
  public static final String UNIT_CODE = UnitCascadeProcess.UNIT_CODE;
  // set on receipt
  public static final String UNIT_NAME = UnitCascadeProcess.UNIT_NAME;
  // Task_Read
  /** 已阅知: the one field the clerk ticks */
  public static final String READ_CONFIRMED = "readConfirmed";

  private UnitReadProcess() {
  }
}
