-- 009: the allies that joined a war (war `supporters`), as
-- [{ "nation": "nation:<guild>", "side": "attacker" | "defender" }].
alter table wars add column supporters jsonb not null default '[]';
