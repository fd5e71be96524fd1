-- A unit may relay to each of its subordinates by name (the relay form's 另行指定下级单位): a town with a few thousand
-- grassroots unions needs as many codes (20 characters and a comma each) as a notice's addressees (V10).
alter table cascade_unit alter column relay_units set data type varchar(63000);
