-- 006: ops console sessions ended by logging out. A session is a signed
-- cookie that every ops process accepts without shared state
-- (ops/auth/operators.ts), so logging out could only clear it from the
-- browser: a copy stayed valid until it expired. A logged-out session id is
-- kept here until then, and no ops process accepts it again.

create table ops_logouts (
  sid     text        primary key,
  -- When the cookie would have expired: the row is useless after that.
  expires timestamptz not null
);
create index ops_logouts_expires_idx on ops_logouts (expires);
