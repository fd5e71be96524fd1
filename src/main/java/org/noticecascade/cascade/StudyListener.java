package org.noticecascade.cascade;

import static org.noticecascade.cascade.UnitCascadeProcess.*;

import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.noticecascade.audit.AuditStep;
import org.noticecascade.audit.AuditTrail;
import org.noticecascade.progress.ProgressRepository;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.CurrentUser;
import org.noticecascade.form.FormValues;
import org.springframework.stereotype.Component;

/** 学习贯彻: each completion records one study activity; "record another" loops back to the task. */
@Component("studyListener")
class StudyListener extends UnitTaskListener {

  /** 专题学习会, 辅导报告会, 培训, 宣讲, 其他 */
  static final List<String> FORMS = List.of("seminar", "lecture", "training", "outreach", "other");
  private static final List<String> FORM_LABELS = List.of("专题学习会", "辅导报告会", "培训", "宣讲", "其他");

  private final ProgressRepository progress;
  private final AuditTrail audit;

  StudyListener(ProgressRepository progress, AuditTrail audit) {
    this.progress = progress;
    this.audit = audit;
  }

  @Override
  void created(Step step, DelegateTask task) {
    // a new round starts unticked, whatever the last one chose
    task.setVariable(MORE_STUDY, false);
    task.setVariable(STUDY_RECORDED, progress.studyTotals(step.noticeId(), step.unitCode()).activities());
  }

  @Override
  void completed(Step step, FormValues v, DelegateExecution task) {
    long noticeId = step.noticeId();
    String unitCode = step.unitCode();
    String form = v.choice(STUDY_FORM, true, FORMS);
    LocalDate date = v.date(STUDY_DATE, true);
    Integer participants = v.nonNegativeInt(PARTICIPANTS, true);
    String summary = v.text(STUDY_SUMMARY, true);
    if (date != null && date.isAfter(EngineClock.today())) {
      v.problem(STUDY_DATE, "学习活动日期不能晚于今天");
    }
    v.check();
    // one activity instance records one activity, however often its transaction is retried
    progress.studied(noticeId, unitCode, task.getActivityInstanceId(), form, date, participants, summary,
        CurrentUser.id(task));
    audit.byUser(task, noticeId, unitCode, AuditStep.STUDY, unitCode,
        FORM_LABELS.get(FORMS.indexOf(form)) + "，" + date + "，参加 " + participants + " 人：" + summary);
    task.setVariable(MORE_STUDY, v.flag(MORE_STUDY));
  }
}
