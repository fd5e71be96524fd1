-- Indexes Camunda 7.24 does not create, measured in docs/benchmarks.md. Portable SQL for H2 2.x and PostgreSQL.
-- These name Camunda's own ACT_* tables, which the engine creates as it starts: support.FlywayAfterEngine makes
-- Flyway wait for the engine, so a fresh database has them by now. "if not exists" keeps an index an operator
-- already made by hand under the same name.

-- Completing a task looks up its subtasks by parent: without this, every completion scans the whole task table.
create index if not exists nc_idx_task_parent on act_ru_task (parent_task_id_);

-- Tasklist's 本单位待办 (candidate group in the clerk's groups): the engine's own index has the group alone; with the
-- link type and task id the lookup is answered from the index.
create index if not exists nc_idx_identitylink_group_task on act_ru_identitylink (group_id_, type_, task_id_);

-- Job acquisition with many future timers (every unit waits on its reminder and overdue timers): the postgres profile
-- gives every job a due date (ensureJobDueDateNotNull) and acquires by due date, so the executor reads the due jobs
-- from this index instead of scanning every timer. Jobs made before that setting have none: due now.
create index if not exists nc_idx_job_duedate on act_ru_job (duedate_);
update act_ru_job set duedate_ = current_timestamp where duedate_ is null;

-- The same acquisition skips jobs of process instances that have an exclusive job running; PostgreSQL finds those
-- by a scan of every job unless the locked ones (lock expiry in the future) can be read from an index.
create index if not exists nc_idx_job_lock_exp on act_ru_job (lock_exp_time_);
