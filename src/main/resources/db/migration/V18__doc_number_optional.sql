-- 文号 is optional for notices issued at county level and below (区县总工会, 乡镇（街道）, 基层, 二级工会), and a
-- notice that needs 签发 gets its 文号 only after it (编号). A notice without one keeps null in both columns; the unique
-- index (issuer_unit, doc_number_key) lets any number of nulls stand, on H2 and PostgreSQL alike.
alter table notice alter column doc_number drop not null;
