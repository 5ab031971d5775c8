/**
 * A page of jobs in one state, with their records, for the dashboard.
 * KEYS: the state's index — the three pending lists (high, normal, low, read as one), or one sorted set
 * ARGV[1] job key stem · ARGV[2] 'lists' | 'zset' | 'zset-rev' · ARGV[3] offset · ARGV[4] limit
 * Returns {total, {HGETALL of each job on the page}}.
 */
export const listScript = `
local jobPrefix, kind, offset, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local ids, total = {}, 0
if kind == 'lists' then
  for _, key in ipairs(KEYS) do
    local len = redis.call('LLEN', key)
    if #ids < limit and offset < total + len then
      local from = math.max(0, offset - total)
      for _, id in ipairs(redis.call('LRANGE', key, from, from + (limit - #ids) - 1)) do ids[#ids + 1] = id end
    end
    total = total + len
  end
else
  total = redis.call('ZCARD', KEYS[1])
  local cmd = kind == 'zset-rev' and 'ZREVRANGE' or 'ZRANGE'
  ids = redis.call(cmd, KEYS[1], offset, offset + limit - 1)
end
local jobs = {}
for _, id in ipairs(ids) do
  local record = redis.call('HGETALL', jobPrefix .. id)
  if #record > 0 then jobs[#jobs + 1] = record end
end
return {total, jobs}
`;
