-- Sums that cannot overflow, texts as long as the forms allow (integrity issue, item 8). Portable SQL for H2 2.x and
-- PostgreSQL; each column keeps its default and NOT NULL.

-- A unit's 学习贯彻 so far and the subtree totals above it: up to 100,000 participants per activity (study.form), so
-- a province's total passes 2,147,483,647 with a few tens of thousands of activities. 64 bits here, in the sums read
-- from them and in the Java types that carry them (progress.Tally).
alter table cascade_unit alter column study_activities set data type bigint;
alter table cascade_unit alter column study_participants set data type bigint;
alter table progress_rollup alter column study_activities set data type bigint;
alter table progress_rollup alter column study_participants set data type bigint;

-- review.form allows a 退回理由 of 5,000 characters, as the other texts a clerk writes in a task (V1 had 2,000).
alter table cascade_unit alter column return_reason set data type varchar(5000);
