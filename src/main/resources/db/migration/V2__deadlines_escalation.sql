-- Deadlines that escalate (issue 4): the 逾期/催办/督办 state of each unit reached, and a notice's own reminder settings.

-- when the report due date passed without a report (逾期)
alter table cascade_unit add column overdue_at timestamp;
-- when the superior got its 督办 task, and when that task closed (done by the superior, or by the late report)
alter table cascade_unit add column escalated_at timestamp;
alter table cascade_unit add column escalation_closed_at timestamp;
-- when the issuer's leaders were told (M working days after 逾期)
alter table cascade_unit add column issuer_notified_at timestamp;
-- 催办 sent to the unit itself (签收 reminder, due-soon reminder, daily overdue reminders)
alter table cascade_unit add column reminders_sent integer default 0 not null;
alter table cascade_unit add column last_reminded_at timestamp;
-- the first report came after the due date; it still counts, as late
alter table cascade_unit add column reported_late boolean default false not null;
-- the 督办 list of a notice: units marked overdue
create index idx_cascade_overdue on cascade_unit (notice_id, overdue_at);

-- per-notice reminder settings in working days; null means the application.yaml default
alter table notice add column acknowledge_reminder_days integer;
alter table notice add column due_soon_days integer;
alter table notice add column escalate_after_days integer;
