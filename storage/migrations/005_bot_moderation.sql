-- 005: the bot's moderation. Bans of users and guilds, enforced by the bot's
-- router before anything else, and the bot's own audit log of admin commands
-- (bans, flags, season control). Named bot_* so it stays apart from the ops
-- console's general audit_log (004).

create table bot_bans (
  subject_type text        not null check (subject_type in ('user', 'guild')),
  subject_id   text        not null,
  reason       text        not null,
  banned_by    text        not null,
  banned_at    timestamptz not null default now(),
  primary key (subject_type, subject_id)
);

create table bot_audit_log (
  id         bigserial   primary key,
  at         timestamptz not null default now(),
  actor_user text        not null,
  guild      text,
  action     text        not null,
  subject    text,
  details    jsonb       not null default '{}'
);
create index bot_audit_log_at_idx on bot_audit_log (at);
