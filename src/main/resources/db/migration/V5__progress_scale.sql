-- Progress at national scale (issue 6): about 100,000 units reached per notice. The progress of a unit with its
-- subordinates' subtrees is counted by the database (group by), over indexes that find a subtree by equality, so it
-- neither ships the whole cascade to Java nor depends on the database's collation (as a LIKE on a path would).

-- The unit at cascade levels 1 to 4 above or at this one (its own code at its own level, null below its level):
-- the subtree of a unit at level k is `levelk_unit = code`, and its subordinates' subtrees are the groups of
-- level(k+1)_unit. Copied from the superior's row when the unit is reached; never changed afterwards, so updates
-- of status and dates leave these indexes alone (only 传达 writes an indexed column, relay_seconds, once).
-- Deeper units are found through their level-4 unit.
alter table cascade_unit add column level1_unit varchar(20);
alter table cascade_unit add column level2_unit varchar(20);
alter table cascade_unit add column level3_unit varchar(20);
alter table cascade_unit add column level4_unit varchar(20);
-- the unit had subordinates to relay to when it was reached (it was given a 传达 task): the denominator of 传达率
alter table cascade_unit add column may_relay boolean default false not null;
-- whole seconds from receiving to relaying (传达用时), written with relayed_at: summed and compared as integers, and
-- the slowest unit of a group is found through the indexes below
alter table cascade_unit add column relay_seconds integer;
-- its 学习贯彻 so far, kept with each activity recorded, so a subtree's sums need no join
alter table cascade_unit add column study_activities integer default 0 not null;
alter table cascade_unit add column study_participants integer default 0 not null;

-- Rows already there: each row's chain from its level-1 unit down, kept in a table of its own for the update.
-- A row the chain does not reach keeps null, and the NOT NULL after fails loudly rather than drop it from views.
create table cascade_levels as
with recursive chain (notice_id, unit_code, level, level1_unit, level2_unit, level3_unit, level4_unit) as (
  select notice_id, unit_code, level, unit_code, cast(null as varchar(20)), cast(null as varchar(20)),
         cast(null as varchar(20))
  from cascade_unit where level = 1
  union all
  select c.notice_id, c.unit_code, c.level, s.level1_unit,
         case when c.level = 2 then c.unit_code else s.level2_unit end,
         case when c.level = 3 then c.unit_code else s.level3_unit end,
         case when c.level = 4 then c.unit_code else s.level4_unit end
  from chain s join cascade_unit c on c.notice_id = s.notice_id and c.superior_code = s.unit_code
    and c.level = s.level + 1
)
select notice_id, unit_code, level1_unit, level2_unit, level3_unit, level4_unit from chain;
create index idx_cascade_levels on cascade_levels (notice_id, unit_code);
update cascade_unit c set
  level1_unit = (select t.level1_unit from cascade_levels t where t.notice_id = c.notice_id and t.unit_code = c.unit_code),
  level2_unit = (select t.level2_unit from cascade_levels t where t.notice_id = c.notice_id and t.unit_code = c.unit_code),
  level3_unit = (select t.level3_unit from cascade_levels t where t.notice_id = c.notice_id and t.unit_code = c.unit_code),
  level4_unit = (select t.level4_unit from cascade_levels t where t.notice_id = c.notice_id and t.unit_code = c.unit_code);
drop table cascade_levels;
alter table cascade_unit alter column level1_unit set not null;

-- 传达 was offered when the unit had children it may relay to (grassroots unions only when the notice cascades to them)
update cascade_unit c set may_relay = case when exists (select 1 from unit s join notice n on n.id = c.notice_id
    where s.parent_code = c.unit_code
      and (n.cascade_to_grassroots or s.kind not in ('GRASSROOTS_UNION', 'SECONDARY_UNION'))) then true else false end;
update cascade_unit set relay_seconds = floor(extract(epoch from relayed_at) - extract(epoch from received_at))
  where relayed_at is not null;
update cascade_unit c set
  study_activities = (select count(*) from study_activity s where s.notice_id = c.notice_id and s.unit_code = c.unit_code),
  study_participants = (select coalesce(sum(s.participants), 0) from study_activity s
    where s.notice_id = c.notice_id and s.unit_code = c.unit_code);

-- The units within a few levels of a root, and a root's whole subtree, found by equality; with relay_seconds, the
-- slowest unit of each level of a subtree. The issuer's (level 0) subtree is the whole notice.
create index idx_cascade_level on cascade_unit (notice_id, level);
create index idx_cascade_level1 on cascade_unit (notice_id, level1_unit, level, relay_seconds);
create index idx_cascade_level2 on cascade_unit (notice_id, level2_unit, level, relay_seconds);
create index idx_cascade_level3 on cascade_unit (notice_id, level3_unit, level, relay_seconds);
create index idx_cascade_level4 on cascade_unit (notice_id, level4_unit, level, relay_seconds);
