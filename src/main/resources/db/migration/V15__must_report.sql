-- Who must report (issue 21). A notice names which of its 主送 addressees must report, by kind and by unit; both
-- empty means every addressee must. Same width as addressee_units (V10): up to 3,000 codes of 20 characters.
alter table notice add column reporting_kinds varchar(2000);
alter table notice add column reporting_units varchar(63000);

-- Whether the unit must report: level 1 from the notice's rule, lower levels from the relaying unit's choice
-- (需报告 or 仅传达学习). A unit that need not report studies (and relays) and is done: no 报告, no reminders, no 督办.
alter table cascade_unit add column must_report boolean default true not null;
-- 本单位学习，不再下发: when the unit decided not to relay though it has subordinates, and why.
alter table cascade_unit add column relay_kept_at timestamp;
alter table cascade_unit add column relay_keep_reason varchar(5000);

-- 应报告 per subtree, kept by progress.ProgressRollup like the other counts. Every unit reached so far had to report.
alter table progress_rollup add column must_report integer default 0 not null;
update progress_rollup set must_report = reached;
