package org.noticecascade.escalation;

import org.noticecascade.support.NoticeSubject;
import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The unit being chased and its notice, as the unit's process instance knows them; {@code stepId} is the activity
 * instance of the step (a reminder each time its timer fires), which keys its 留痕.
 */
record Chase(long noticeId, String unitCode, String unitName, String superiorCode, String superiorName,
             String docNumber, String title, LocalDate dueDate, String processInstanceId,
             String stepId) {

  static Chase of(DelegateExecution unit) {
    return new Chase(((Number) unit.getVariable(NOTICE_ID)).longValue(), (String) unit.getVariable(UNIT_CODE),
        (String) unit.getVariable(UNIT_NAME), (String) unit.getVariable(SUPERIOR_CODE),
        (String) unit.getVariable(SUPERIOR_UNIT_NAME), (String) unit.getVariable(DOC_NUMBER),
        (String) unit.getVariable(TITLE), LocalDate.parse((String) unit.getVariable(REPORT_DUE_DATE)),
        unit.getProcessInstanceId(), unit.getActivityInstanceId());
  }

  String notice() {
    return NoticeSubject.of(docNumber, title);
  }

  String key(String what) {
    return what + ":" + noticeId + "/" + unitCode;
  }
}
