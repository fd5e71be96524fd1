-- Progress at the root of a national cascade (issue 6): each unit at cascade levels 1 to 4 keeps the totals of its
-- subtree, level by level, so the progress of the root reads a few hundred rows instead of counting 100,000.
-- Kept by progress.ProgressRollup in the same transaction as each change of cascade_unit (never ahead or behind the
-- engine): the change's difference is added to the rows of the unit's ancestors at levels 1 to 4, just before the
-- commit, in one fixed order (so two commits never wait on each other crosswise).
-- level: the level of the units counted (a unit's own row has its own level). shard: a busy unit's counts are spread
-- over a few rows by the counted unit's code, so commits under the same province seldom wait for the same row; a
-- reader sums the shards.
create table progress_rollup (
  notice_id bigint not null,
  unit_code varchar(20) not null,
  level integer not null,
  shard integer not null,
  reached integer default 0 not null,
  acknowledged integer default 0 not null,
  relayed integer default 0 not null,
  reported integer default 0 not null,
  accepted integer default 0 not null,
  returned integer default 0 not null,
  with_subordinates integer default 0 not null,
  overdue integer default 0 not null,
  reported_late integer default 0 not null,
  escalated integer default 0 not null,
  study_activities integer default 0 not null,
  study_participants integer default 0 not null,
  -- units that relayed, their relay seconds summed, and the slowest (relay seconds are written once, so a maximum
  -- never has to be taken back)
  relays integer default 0 not null,
  relay_sum bigint default 0 not null,
  relay_max bigint default 0 not null,
  primary key (notice_id, unit_code, level, shard)
);

-- The cascades already under way, counted once from their rows (shard 0): each row counts for its units at levels
-- 1 to 4 (k), itself included.
insert into progress_rollup (notice_id, unit_code, level, shard,
    reached, acknowledged, relayed, reported, accepted, returned,
    with_subordinates, overdue, reported_late, escalated, study_activities, study_participants,
    relays, relay_sum, relay_max)
select c.notice_id, c.ancestor, c.level, 0,
       count(*),
       count(c.acknowledged_at),
       count(*) filter (where c.relayed_at is not null or c.relay_count is not null),
       count(*) filter (where c.status in ('reported', 'accepted')),
       count(*) filter (where c.status = 'accepted'),
       count(*) filter (where c.status = 'returned'),
       count(*) filter (where c.may_relay),
       count(*) filter (where c.overdue_at is not null and c.reported_at is null),
       count(*) filter (where c.reported_late),
       count(*) filter (where c.escalated_at is not null and c.escalation_closed_at is null),
       sum(c.study_activities),
       sum(c.study_participants),
       count(c.relay_seconds), coalesce(sum(c.relay_seconds), 0), coalesce(max(c.relay_seconds), 0)
from (select u.*, case k.n when 1 then u.level1_unit when 2 then u.level2_unit when 3 then u.level3_unit
        else u.level4_unit end as ancestor
      from cascade_unit u cross join (values (1), (2), (3), (4)) as k (n)) c
where c.ancestor is not null
group by c.notice_id, c.ancestor, c.level;
