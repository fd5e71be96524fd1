-- History and retention (issue 25): when a notice ended, whether its archive was written, and the indexes the
-- nightly retention job reads by.

-- ended_at: 办结 (CLOSED), every unit finished (COMPLETED) or not signed off (NOT_SIGNED_OFF); null while open.
-- The retention counts from it, as the engine's removal time counts from the end of the notice's process.
alter table notice add column ended_at timestamp;
-- archived_at: the archive was written; the rows may then be deleted (an interrupted deletion goes on without
-- writing the archive again from what is left)
alter table notice add column archived_at timestamp;

update notice set ended_at = closed_at where status = 'CLOSED' and closed_at is not null;
update notice set ended_at = (select p.END_TIME_ from ACT_HI_PROCINST p where p.ID_ = notice.process_instance_id)
  where ended_at is null and status in ('CLOSED', 'COMPLETED', 'NOT_SIGNED_OFF');
-- ended long enough ago that the engine's history is gone: the best we know is when it was created
update notice set ended_at = created_at
  where ended_at is null and status in ('CLOSED', 'COMPLETED', 'NOT_SIGNED_OFF');

create index idx_notice_ended on notice (ended_at);
-- the outbox's sent messages are deleted by age
create index idx_outbox_created on notification_outbox (created_at);
