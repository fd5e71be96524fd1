-- Issue 23: how to reach a unit and its people. One package owns these tables: orgdirectory (the imports write
-- them; notification reads them through orgdirectory.Contacts).

-- A unit's own channels, from the units CSV's optional columns. A robot secret is either given (robot_secret) or
-- named (robot_secret_ref: a property or environment variable resolved when sending), never both.
create table unit_channel (
  unit_code        varchar(20)   not null primary key references unit (code),
  email            varchar(200),
  phone            varchar(40),
  robot_url        varchar(1000),
  -- wecom (企业微信群机器人), dingtalk (钉钉群机器人) or generic; null: told from robot_url's host
  robot_format     varchar(16),
  robot_secret     varchar(200),
  robot_secret_ref varchar(200)
);

-- A person: a Camunda user (ACT_ID_USER holds name, e-mail and password) and what Camunda does not hold. A person
-- belongs to one unit, as its clerk (经办人), its leader (负责人) or both; memberships follow the roles.
create table person (
  user_id              varchar(64)  not null primary key,
  unit_code            varchar(20)  not null references unit (code),
  clerk                boolean      not null,
  leader               boolean      not null,
  mobile               varchar(20),
  wecom_user_id        varchar(64),
  dingtalk_user_id     varchar(64),
  active               boolean      not null,
  -- a one-time password was issued: the person must choose their own at first login
  must_change_password boolean      not null,
  updated_at           timestamp    not null
);
create index idx_person_unit on person (unit_code, active);
