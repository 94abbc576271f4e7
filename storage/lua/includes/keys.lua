-- Key builders shared by scripts; must match storage/keys.ts.
local function actorKey(tag, address) return tag .. 'a:' .. address end
-- De-duplication records: one hash per shard and time bucket, message id → answer.
local function dedupKey(tag, bucket) return tag .. 'dd:' .. bucket end
