-- 转发 in the relaying unit's own name (issue 22): its own title, its optional own 文号 as typed, and the 文号's
-- compared form (notice.DocNumbers.key). A unit uses a 文号 once: the unique index lets any number of nulls stand
-- (no 文号, not relayed), on H2 and PostgreSQL alike, and answers the uniqueness check by (unit_code, key).
-- the form allows 500 characters; the prefilled default of a 转发 of a 转发 may be longer when an API caller keeps it
alter table cascade_unit add column relay_title varchar(1000);
alter table cascade_unit add column relay_doc_number varchar(100);
alter table cascade_unit add column relay_doc_number_key varchar(100);
create unique index uq_cascade_relay_doc_number on cascade_unit (unit_code, relay_doc_number_key);
