/**
 * Counts per state and the creation time of the oldest pending job, in one read-only call.
 * KEYS[1..3] pending lists high, normal, low · KEYS[4] processing · KEYS[5] delayed · KEYS[6] dlq
 * KEYS[7] completed index · KEYS[8] cancelled index
 * ARGV[1] job key stem · ARGV[2] now ms · ARGV[3] TTL ms
 * Returns {high, normal, low, active, delayed, dead, completed, cancelled, oldestCreatedAt or -1}.
 */
export const statsScript = `
local since = tonumber(ARGV[2]) - tonumber(ARGV[3])
local out = {}
for i = 1, 3 do out[i] = redis.call('LLEN', KEYS[i]) end
out[4] = redis.call('ZCARD', KEYS[4])
out[5] = redis.call('ZCARD', KEYS[5])
for i = 6, 8 do out[i] = redis.call('ZCOUNT', KEYS[i], '(' .. since, '+inf') end
local oldest = -1
for i = 1, 3 do
  local id = redis.call('LINDEX', KEYS[i], 0)
  if id then
    local created = tonumber(redis.call('HGET', ARGV[1] .. id, 'createdAt'))
    if created and (oldest < 0 or created < oldest) then oldest = created end
  end
end
out[9] = oldest
return out
`;
