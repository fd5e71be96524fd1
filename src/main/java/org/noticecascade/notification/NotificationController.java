package org.noticecascade.notification;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.form.ConflictException;
import org.noticecascade.support.ForbiddenException;
import org.noticecascade.form.InputException;
import org.noticecascade.support.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox for administrators: what was sent, what waits, what failed for good, and requeueing a failure. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

  static final int MAX_LISTED = 500;

  private final OutboxRepository outbox;
  private final IdentityService identity;

  NotificationController(OutboxRepository outbox, IdentityService identity) {
    this.outbox = outbox;
    this.identity = identity;
  }

  @GetMapping
  List<OutboxRepository.MessageView> list(@RequestParam(required = false) String status,
      @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
    requireAdmin();
    DeliveryStatus s = null;
    if (status != null && !status.isBlank()) {
      s = DeliveryStatus.of(status.trim()).orElseThrow(() -> new InputException("status",
          "只能是 pending（待发送）、sending（发送中）、sent（已发送）、failed（发送失败）或 skipped（无接收方，未发送）"));
    }
    return outbox.list(s, Math.min(Math.max(limit, 1), MAX_LISTED), Math.max(offset, 0));
  }

  @GetMapping("/{id}")
  OutboxRepository.MessageView get(@PathVariable long id) {
    requireAdmin();
    return outbox.find(id).orElseThrow(() -> new NotFoundException("通知 " + id + " 不存在"));
  }

  /** Requeues the message's failed deliveries with a fresh count of attempts; the sent ones stay sent. */
  @PostMapping("/{id}/retry")
  OutboxRepository.MessageView retry(@PathVariable long id) {
    requireAdmin();
    OutboxRepository.MessageView message = get(id);
    if (outbox.requeueFailed(id) == 0) {
      throw new ConflictException("status", "通知 " + message.id() + " 没有发送失败的渠道，无需重发");
    }
    return get(id);
  }

  private void requireAdmin() {
    Authentication auth = identity.getCurrentAuthentication();
    List<String> groups = auth == null || auth.getGroupIds() == null ? List.of() : auth.getGroupIds();
    if (!groups.contains(OrgIds.ADMIN_GROUP)) {
      throw new ForbiddenException("仅系统管理员可查看和重发通知");
    }
  }
}
