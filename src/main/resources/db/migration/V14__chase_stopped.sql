-- A unit that never reports stops being reminded chase-days working days after its due date (逾期未办结); the
-- superior's 督办 task stays open. Null while the daily reminders go on.
alter table cascade_unit add column chase_stopped_at timestamp;
