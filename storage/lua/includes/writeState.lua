-- Stores the JSON text Node encoded, unchanged: never decoded and re-encoded by
-- cjson, which turns [] into {} and rounds large integers (MEASURED.md).
-- jsonMode '1': the server has RedisJSON and the state is a JSON document.
local function writeState(key, json, jsonMode)
  if jsonMode == '1' then
    redis.call('JSON.SET', key, '$', json)
  else
    redis.call('SET', key, json)
  end
end
