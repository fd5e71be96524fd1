package org.noticecascade.migration;

import java.net.URI;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.noticecascade.orgdirectory.OrgIds;
import org.noticecascade.support.ForbiddenException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Migrating running notices to another version of the processes, for administrators only: a dry run (the default)
 * answers the plan, {@code "dryRun": false} starts the batches (202) and GET follows them.
 */
@RestController
@RequestMapping("/api/admin/migrations")
class MigrationController {

  private final ProcessMigrations migrations;
  private final IdentityService identity;

  MigrationController(ProcessMigrations migrations, IdentityService identity) {
    this.migrations = migrations;
    this.identity = identity;
  }

  @PostMapping
  ResponseEntity<?> migrate(@RequestBody MigrationRequest request) {
    String admin = requireAdmin();
    if (request.dryRun() == null || request.dryRun()) {
      return ResponseEntity.ok(migrations.dryRun(request));
    }
    ProcessMigrations.Status started = migrations.execute(request, admin);
    return ResponseEntity.accepted().location(URI.create("/api/admin/migrations/" + started.id())).body(started);
  }

  @GetMapping("/{id}")
  ProcessMigrations.Status get(@PathVariable long id) {
    requireAdmin();
    return migrations.status(id);
  }

  private String requireAdmin() {
    Authentication auth = identity.getCurrentAuthentication();
    List<String> groups = auth == null || auth.getGroupIds() == null ? List.of() : auth.getGroupIds();
    if (!groups.contains(OrgIds.ADMIN_GROUP)) {
      throw new ForbiddenException("仅系统管理员可迁移运行中的通知");
    }
    return auth.getUserId();
  }
}
