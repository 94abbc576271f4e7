-- 001: actor snapshots and the per-actor replay log (DESIGN §5).
-- Append-only: never edit a migration once merged; add 002_… instead.

-- Latest snapshot per actor, written behind Redis. `version` only moves
-- forward: the upsert's where-clause refuses an older write.
create table actor_state (
  address    text        primary key,
  kind       text        not null,
  version    bigint      not null,
  state      jsonb       not null,
  updated_at timestamptz not null default now()
);
create index actor_state_kind_idx on actor_state (kind);

-- Every processed message with the effects it produced, keyed by the actor
-- version it produced: the replay log and the ops console's history.
create table actor_messages (
  address    text        not null,
  version    bigint      not null,
  message_id text        not null,
  message    jsonb       not null,
  effects    jsonb       not null,
  at         timestamptz not null,
  primary key (address, version)
);
create index actor_messages_message_id_idx on actor_messages (message_id);

-- Messages a consumer gave up on, kept for inspection and manual replay.
create table dead_letters (
  id      text        primary key,
  address text,
  message jsonb,
  error   text,
  tries   int,
  at      timestamptz not null default now()
);
