-- Every query the engine checks for a logged-in user reads that user's grants: "user id in (the user, '*') or group
-- id in (the user's groups)". Camunda 7.24 has an index on the group id but none on the user id alone; its unique
-- index starts with the grant type, so PostgreSQL read the type's whole range, every grant of every unit instance,
-- to find the user's few (3.2 ms for a clerk's list columns at 20,000 instances, growing with them; see
-- docs/benchmarks.md). Portable SQL for H2 2.x and PostgreSQL; as V7, after the engine has made its tables.
create index if not exists nc_idx_auth_user on act_ru_authorization (user_id_);
