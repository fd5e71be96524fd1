package org.noticecascade.notice;

import static org.noticecascade.notice.NoticeProcess.*;

import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.noticecascade.form.ConflictException;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.support.ForbiddenException;
import org.springframework.stereotype.Service;

/**
 * 办结 and 立即汇总 through the API: the caller completes the notice's standing 通知办理跟踪 task as they would in
 * Tasklist, so the same form limits, checks and process path apply (the engine gate refuses messages from users).
 */
@Service
class NoticeTracking {

  private final NoticeService notices;
  private final TaskService tasks;
  private final IdentityService identity;

  NoticeTracking(NoticeService notices, TaskService tasks, IdentityService identity) {
    this.notices = notices;
    this.tasks = tasks;
    this.identity = identity;
  }

  /** 办结 with a reason; the units' instances are then ended by jobs, page by page. */
  Notice close(long noticeId, String reason) {
    Task track = trackTask(noticeId);
    tasks.complete(track.getId(), reason == null ? Map.of(TRACK_ACTION, CLOSE)
        : Map.of(TRACK_ACTION, CLOSE, CLOSE_REASON, reason));
    return notices.get(noticeId);
  }

  /** A new 汇总落实情况 task for the issuer; its id. */
  String summarize(long noticeId) {
    Task track = trackTask(noticeId);
    if (summaryTask(track.getProcessInstanceId()) != null) {
      throw new ConflictException(TRACK_ACTION, "已有待办的汇总落实情况任务，请先办理");
    }
    tasks.complete(track.getId(), Map.of(TRACK_ACTION, SUMMARIZE));
    return summaryTask(track.getProcessInstanceId()).getId();
  }

  /** The notice's standing task, for the issuer's clerks and leaders only; 409 unless the notice is open. */
  private Task trackTask(long noticeId) {
    Notice notice = notices.get(noticeId);
    Authentication user = identity.getCurrentAuthentication();
    var groups = user == null || user.getGroupIds() == null ? java.util.List.<String>of() : user.getGroupIds();
    if (!groups.contains(OrgIds.unitGroup(notice.issuerUnit())) && !groups.contains(OrgIds.leaderGroup(notice.issuerUnit()))) {
      throw new ForbiddenException("只有发文单位（" + notice.issuerUnitName() + "）的经办人和负责人可以办结或汇总本通知");
    }
    if (notice.status() != NoticeStatus.DISPATCHED) {
      throw new ConflictException("status", notice.status() == NoticeStatus.CLOSED ? "通知已办结" : "通知尚未下发");
    }
    Task track = tasks.createTaskQuery().processInstanceId(notice.processInstanceId()).taskDefinitionKey(TASK_TRACK)
        .singleResult();
    if (track == null) {
      throw new ConflictException("status", "通知尚未下发或正在办结");
    }
    return track;
  }

  private Task summaryTask(String processInstanceId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(TASK_SUMMARY).singleResult();
  }
}
