-- 007: overlay links a nation revoked (`/overlay revoke:True`). A private
-- overlay link carries a signed token with its issue time (realtime/tokens.ts);
-- a link of the nation issued before revoked_before_ms no longer opens its
-- private view, on any gateway. Epoch milliseconds, exactly as in the tokens.

create table overlay_revocations (
  nation            text   primary key,
  revoked_before_ms bigint not null
);
