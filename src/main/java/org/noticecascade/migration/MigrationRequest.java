package org.noticecascade.migration;

import java.util.List;
import java.util.Map;

/**
 * POST /api/admin/migrations: move the running instances of the notice processes (noticeIssue, unitCascade and
 * unitRead, deployed together) from one version to another.
 *
 * @param sourceVersion the version the instances run on now
 * @param targetVersion the version to move them to
 * @param noticeIds only these notices' instances (all their levels); absent: every running notice
 * @param mappings source activity id → target activity id, for activities whose id changed; activities with the
 *     same id in both versions are mapped without being named here
 * @param dryRun true (the default): answer the plan and change nothing; false: start the migration
 */
record MigrationRequest(Integer sourceVersion, Integer targetVersion, List<Long> noticeIds,
                        Map<String, String> mappings, Boolean dryRun) {
}
