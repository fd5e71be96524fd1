-- The e-mail channel's recipients of each message (issue 10), one row per address tried: a retry sends only to
-- the recipients not reached yet, and an address the mail server refuses (or that is no address) fails alone
-- instead of failing, and holding up, the whole message. Portable SQL for H2 2.x and PostgreSQL.
-- status: sent; failed (refused for good, or not an address; an administrator's requeue deletes the row so it is
-- tried again); pending (the server asked to try again later: tried with the delivery's next attempt)
create table notification_email_recipient (
  outbox_id   bigint        not null references notification_outbox (id),
  -- lower case as sent, or the user's text that is not an address
  address     varchar(320)  not null,
  user_id     varchar(64),
  status      varchar(16)   not null,
  last_error  varchar(2000),
  updated_at  timestamp     not null,
  primary key (outbox_id, address)
);
