-- 008: less index work on the write-behind's two hot tables.
--
-- actor_messages_message_id_idx answered no query (history is read by address
-- and version, pruned by `at`), yet every logged message paid a B-tree insert
-- into it.
drop index if exists actor_messages_message_id_idx;

-- Every write-behind round updates actor_state rows in place of older
-- versions. With full pages (the default fillfactor, 100) each new version
-- lands on another page and needs new entries in both indexes; with room
-- left on the page PostgreSQL can make it a heap-only (HOT) update instead,
-- as no indexed column changes. Pages written from now on keep 20 % free.
alter table actor_state set (fillfactor = 80);
