-- Issue 23: per-robot rate limits shared by every dispatcher and node, and per-recipient tracking for the WeChat
-- Work application (wecomapp) and SMS channels. Portable SQL for H2 2.x and PostgreSQL.

-- A robot takes at most N posts a minute (企业微信/钉钉群机器人: 20). Each robot has N slots; a post takes the slot
-- used longest ago, and only if that use is a minute old, by a conditional update (no lock held while posting).
-- So no 60 seconds ever see more than N posts to one robot, whichever node sends them.
create table robot_slot (
  -- SHA-256 of the robot's URL, hex: never the URL, which carries the robot's key
  robot_key varchar(64) not null,
  slot      integer     not null,
  used_at   timestamp   not null,
  primary key (robot_key, slot)
);

-- One row per recipient tried on a per-person channel other than e-mail (which keeps
-- notification_email_recipient): a retry sends only to whoever has not got the message, and one refused for good
-- (企业微信 invaliduser, an SMS gateway's 4xx) fails alone.
-- status: sent; failed (an administrator's requeue deletes the row so it is tried again); pending (try again)
create table notification_recipient (
  outbox_id  bigint        not null references notification_outbox (id),
  channel    varchar(32)   not null,
  -- the WeChat Work user id (lower case, as WeCom answers it) or the mobile number
  recipient  varchar(320)  not null,
  user_id    varchar(64),
  status     varchar(16)   not null,
  last_error varchar(2000),
  updated_at timestamp     not null,
  primary key (outbox_id, channel, recipient)
);
