-- Key builders shared by scripts; must match storage/keys.ts.
local function actorKey(tag, address) return tag .. 'a:' .. address end
local function dedupKey(tag, messageId) return tag .. 'd:' .. messageId end
