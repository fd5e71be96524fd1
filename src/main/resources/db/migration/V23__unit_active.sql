-- Issue 23: a unit removed from the directory is kept, inactive, because the notices it took part in still name it
-- (cascade_unit, notice_cc, audit_step, attachment refer to unit(code)). An inactive unit is not addressed, not
-- offered in pickers, not relayed to, and its groups have no members; importing it again brings it back.
alter table unit add column active boolean default true not null;

-- A move or removal asks which notices are still open (not 办结, not completed, not declined at 签发): few rows
-- among many, found by status; their reach of the unit's subtree is then looked up by cascade_unit's primary key.
create index idx_notice_status on notice (status);
