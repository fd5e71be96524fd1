package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.progress.ProgressRepository;
import org.noticecascade.progress.ProgressService;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/**
 * 报告: when the task appears it shows what the subordinates reported so far and the unit's own study figures;
 * when done, the report goes to the superior for review.
 */
@Component("reportListener")
class ReportListener extends UnitTaskListener {

  private final ProgressRepository progress;
  private final ProgressService progressView;
  private final AuditTrail audit;

  ReportListener(ProgressRepository progress, ProgressService progressView, AuditTrail audit) {
    this.audit = audit;
    this.progress = progress;
    this.progressView = progressView;
  }

  @Override
  void created(Step step, DelegateTask task) {
    long noticeId = step.noticeId();
    String unitCode = step.unitCode();
    task.setVariable(SUBORDINATE_REPORTS, progressView.subordinateReportsText(noticeId, unitCode));
    if (task.getVariable(REPORT_ACTIVITY_COUNT) == null) {
      ProgressRepository.StudyTotals study = progress.studyTotals(noticeId, unitCode);
      task.setVariable(REPORT_ACTIVITY_COUNT, study.activities());
      task.setVariable(REPORT_PARTICIPANT_COUNT, study.participants());
    }
  }

  @Override
  void completed(Step step, FormValues v, DelegateExecution task) {
    long noticeId = step.noticeId();
    String unitCode = step.unitCode();
    String text = v.text(REPORT_TEXT, true);
    Integer activities = v.nonNegativeInt(REPORT_ACTIVITY_COUNT, true);
    Integer participants = v.nonNegativeInt(REPORT_PARTICIPANT_COUNT, true);
    v.check();
    progress.reported(noticeId, unitCode, text, activities, participants);
    audit.byUser(task, noticeId, unitCode, AuditStep.REPORT, unitCode,
        "学习活动 " + activities + " 次，参加 " + participants + " 人次：" + text);
    // the superior reads the subordinates' state as of this report
    task.setVariable(SUBORDINATE_REPORTS, progressView.subordinateReportsText(noticeId, unitCode));
  }
}
