-- 抄送: units that receive a notice for information only. The issuer names them one by one, up to as many codes as
-- addressee_units (V10).
alter table notice add column cc_units varchar(63000);

-- One row per 抄送 unit of a notice: received when its 阅知 instance starts, read when its clerk completes 阅知通知.
-- Apart from cascade_unit, so the cascade's counts and rates (到达, 应报告, 报告率 …) never include these units.
create table notice_cc (
  notice_id           bigint       not null references notice (id),
  unit_code           varchar(20)  not null references unit (code),
  -- the unit's path in the org tree ('/acftu/sc/sccd/'): a viewed subtree's 抄送 units are a prefix of it
  path                varchar(400) not null,
  received_at         timestamp    not null,
  read_at             timestamp,
  read_by             varchar(64),
  process_instance_id varchar(64),
  primary key (notice_id, unit_code)
);
create index idx_notice_cc_path on notice_cc (notice_id, path);
