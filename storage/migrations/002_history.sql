-- 002: the game's history tables, filled from actors' `record` effects by the
-- write-behind flusher (docs/game-protocol.md "History tables"). Each row's
-- `id` is derived from the message that recorded it, so a repeated flush
-- inserts nothing twice. `actor` is the recording actor, `at` the message time.

create table resource_transactions (
  id text primary key, actor text not null, at timestamptz not null,
  nation text not null, resource text not null, delta bigint not null, reason text not null, ref text
);
create index resource_transactions_nation_idx on resource_transactions (nation, at);
create index resource_transactions_reason_idx on resource_transactions (reason, at);

create table battles (
  id text primary key, actor text not null, at timestamptz not null,
  war text not null, attacker text not null, defender text not null, terrain text not null, winner text not null,
  attacker_strength double precision not null, defender_strength double precision not null, details jsonb
);
create index battles_attacker_idx on battles (attacker);
create index battles_defender_idx on battles (defender);

create table reputation_events (
  id text primary key, actor text not null, at timestamptz not null,
  nation text not null, event text not null, delta integer not null, score integer not null
);
create index reputation_events_nation_idx on reputation_events (nation, at);

create table wars (
  id text primary key, actor text not null, at timestamptz not null,
  war text not null, aggressor text not null, defender text not null, outcome text not null, winner text
);

create table elections (
  id text primary key, actor text not null, at timestamptz not null,
  election text not null, nation text not null, winner text, candidates jsonb, turnout integer
);

create table votes (
  id text primary key, actor text not null, at timestamptz not null,
  election text not null, voter text not null, candidate text not null, weight bigint not null
);
create index votes_election_idx on votes (election);

create table trades (
  id text primary key, actor text not null, at timestamptz not null,
  trade text not null, proposer text not null, partner text not null, give jsonb, want jsonb, status text not null
);

create table market_sales (
  id text primary key, actor text not null, at timestamptz not null,
  listing text not null, seller text not null, buyer text not null, resource text not null,
  quantity bigint not null, price bigint not null, fee bigint not null
);

create table season_results (
  id text primary key, actor text not null, at timestamptz not null,
  season integer not null, nation text not null, rank integer not null, power double precision not null, legacy_points integer not null
);

-- A record naming a table not listed above is kept here rather than lost, so a
-- new machine can record before its table's migration lands.
create table other_records (
  id text primary key, actor text not null, at timestamptz not null,
  tbl text not null, row jsonb not null
);
