package org.noticecascade.escalation;

import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.TaskService;
import org.noticecascade.notice.Notice;
import org.noticecascade.notice.NoticeProcess;
import org.noticecascade.notice.NoticeService;
import org.noticecascade.notice.NoticeStatus;
import org.noticecascade.notification.Notification;
import org.noticecascade.notification.NotificationService;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.progress.EscalationRepository;
import org.noticecascade.support.EngineClock;
import org.noticecascade.support.WebProperties;
import org.springframework.stereotype.Service;

/**
 * A notice's working day, from its own timer (one job per notice per day, not one per unit): the issuer's leaders
 * get one digest of the overdue units while the notice is open and within chase-days; a 汇总 is due when a report
 * arrived since the last one and none is open; past chase-days the notice shows 逾期未办结 and its loop ends.
 */
@Service
class NoticeDaily {

  static final int LONGEST_LISTED = 10;

  record Outcome(boolean summaryDue, boolean chaseOver) {
  }

  private final NoticeService notices;
  private final EscalationRepository escalations;
  private final NotificationService notifications;
  private final Deadlines deadlines;
  private final TaskService tasks;
  private final String baseUrl;

  NoticeDaily(NoticeService notices, EscalationRepository escalations, NotificationService notifications,
      Deadlines deadlines, TaskService tasks, WebProperties web) {
    this.notices = notices;
    this.escalations = escalations;
    this.notifications = notifications;
    this.deadlines = deadlines;
    this.tasks = tasks;
    this.baseUrl = web.baseUrl();
  }

  Outcome run(long noticeId, String processInstanceId) {
    Notice notice = notices.get(noticeId);
    if (notice.status() != NoticeStatus.DISPATCHED) {
      return new Outcome(false, false);
    }
    if (deadlines.noticeChaseOver(notice.reportDueDate())) {
      notices.chaseEnded(noticeId);
      return new Outcome(false, true);
    }
    digest(notice);
    boolean summaryDue = notices.reportedSinceLastSummary(notice) && tasks.createTaskQuery()
        .processInstanceId(processInstanceId).taskDefinitionKey(NoticeProcess.TASK_SUMMARY).count() == 0;
    return new Outcome(summaryDue, false);
  }

  /** The leaders' digest: counts by level, the ten longest overdue, the 逾期 list; once a day (outbox key). */
  private void digest(Notice notice) {
    List<int[]> byLevel = escalations.overdueByLevel(notice.id());
    if (byLevel.isEmpty()) {
      return;
    }
    int total = byLevel.stream().mapToInt(l -> l[1]).sum();
    String levels = byLevel.stream().map(l -> "第" + l[0] + "级 " + l[1] + " 个").collect(Collectors.joining("，"));
    StringBuilder body = new StringBuilder("报告截止日期 " + notice.reportDueDate() + " 已过，尚有 " + total
        + " 个单位逾期未报告（" + levels + "）。");
    List<EscalationRepository.OverdueUnit> longest = escalations.overdue(notice.id(), notice.issuerUnit(), true, false,
        LONGEST_LISTED);
    if (!longest.isEmpty()) {
      body.append("\n逾期最久的单位：");
      for (EscalationRepository.OverdueUnit u : longest) {
        body.append("\n· ").append(u.unitName()).append("（上级：").append(u.superiorName()).append("），逾期 ")
            .append(deadlines.daysLate(u.reportDueDate(), EngineClock.today())).append(" 个工作日");
      }
    }
    body.append("\n各单位的上级单位正在督办。完整的逾期单位名单见链接。");
    notifications.send(new Notification("digest:" + notice.id() + ":" + EngineClock.today(),
        OrgIds.leaderGroup(notice.issuerUnit()),
        "【逾期日报】" + notice.docNumber() + " " + notice.title() + "：" + total + " 个单位逾期未报告",
        body.toString(), baseUrl + "/progress?notice=" + notice.id()));
  }
}
