-- How a notice ends (issue 21): who closed it (办结), when and why; when its issuer was last given a 汇总; when its
-- chase ended without anyone closing it (逾期未办结).
alter table notice add column closed_by varchar(64);
alter table notice add column closed_at timestamp;
alter table notice add column close_reason varchar(2000);
alter table notice add column last_summary_at timestamp;
alter table notice add column chase_ended_at timestamp;
-- The daily check asks whether a report arrived since the last 汇总
create index idx_cascade_reported_at on cascade_unit (notice_id, reported_at);

-- 逾期未办结 units (chase stopped, no report) counted per subtree beside 逾期 (progress.Tally.Measure.OVERDUE_UNCLOSED)
alter table progress_rollup add column overdue_unclosed integer default 0 not null;
-- The cascades under way, counted once (V14 began recording chase_stopped_at): into shard 0 of each ancestor row,
-- created where missing (a reader sums the shards)
insert into progress_rollup (notice_id, unit_code, level, shard)
select distinct c.notice_id, a.unit_code, c.level, 0
from cascade_unit c join cascade_unit a on a.notice_id = c.notice_id and a.level <= 4
  and a.unit_code in (c.level1_unit, c.level2_unit, c.level3_unit, c.level4_unit)
where c.chase_stopped_at is not null and c.reported_at is null
  and not exists (select 1 from progress_rollup r where r.notice_id = c.notice_id and r.unit_code = a.unit_code
    and r.level = c.level and r.shard = 0);
update progress_rollup set overdue_unclosed = (select count(*) from cascade_unit c
    where c.notice_id = progress_rollup.notice_id and c.level = progress_rollup.level
      and c.chase_stopped_at is not null and c.reported_at is null
      and progress_rollup.unit_code in (c.level1_unit, c.level2_unit, c.level3_unit, c.level4_unit))
where shard = 0 and exists (select 1 from cascade_unit c where c.notice_id = progress_rollup.notice_id
    and c.chase_stopped_at is not null and c.reported_at is null);
