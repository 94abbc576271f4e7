-- 004: the ops console's audit log (who did what, when, with the state before
-- and after) and an index on the message log's time, which the console's game
-- metrics (daily players, wars per day) and log retention read by.

create table audit_log (
  id         bigserial   primary key,
  at         timestamptz not null default now(),
  -- The operator's name from OPS_TOKENS and the role they acted with.
  operator   text        not null,
  role       text        not null,
  -- e.g. actor.event, timer.fire, flag.set, season.advance, dead_letter.retry
  action     text        not null,
  -- What it was done to: an actor address, a flag, a dead letter, a job.
  target     text        not null,
  request    jsonb,
  before     jsonb,
  after      jsonb,
  -- ok | refused | failed, with the code and message of a refusal.
  outcome    text        not null,
  detail     text
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_target_idx on audit_log (target, at desc);

create index actor_messages_at_idx on actor_messages (at);
