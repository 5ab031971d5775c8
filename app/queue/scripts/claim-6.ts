import { LIB } from "./lib.js";

/**
 * Reaps expired leases, makes due delayed jobs claimable, then claims up to n jobs: highest priority
 * first, FIFO within a priority. Each claimed job gets a lease (`runs` is its fencing token).
 * KEYS[1..3] pending lists high, normal, low · KEYS[4] processing · KEYS[5] delayed · KEYS[6] dlq
 * ARGV[1] job key stem · ARGV[2] idempotency key stem · ARGV[3] metrics key stem · ARGV[4] now ms
 * ARGV[5] lease ms · ARGV[6] n · ARGV[7] terminal TTL ms
 * Returns {requeued, deadLettered, {HGETALL of each claimed job}}.
 */
export const claimScript = `${LIB}
local pending = {high = KEYS[1], normal = KEYS[2], low = KEYS[3]}
local jobPrefix, now, leaseMs, n = ARGV[1], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local requeued, dead = reap(KEYS[4], pending, KEYS[6], jobPrefix, ARGV[2], ARGV[3], now, tonumber(ARGV[7]))

-- Due jobs go to the front of their list, in due order: they have waited already.
local due = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'LIMIT', 0, 1000)
for i = #due, 1, -1 do
  local id = due[i]
  redis.call('ZREM', KEYS[5], id)
  local job = redis.call('HMGET', jobPrefix .. id, 'status', 'priority')
  if job[1] == 'delayed' then
    redis.call('HSET', jobPrefix .. id, 'status', 'pending')
    redis.call('HDEL', jobPrefix .. id, 'runAt')
    redis.call('LPUSH', pending[job[2]] or pending['normal'], id)
  end
end

local claimed = {}
for _, list in ipairs({KEYS[1], KEYS[2], KEYS[3]}) do
  while #claimed < n do
    local ids = redis.call('LPOP', list, n - #claimed)
    if not ids then break end
    for _, id in ipairs(ids) do
      local jobKey = jobPrefix .. id
      if redis.call('HGET', jobKey, 'status') == 'pending' then
        redis.call('HINCRBY', jobKey, 'runs', 1)
        redis.call('HSET', jobKey, 'status', 'active', 'leaseUntil', now + leaseMs, 'updatedAt', now)
        redis.call('HSETNX', jobKey, 'startedAt', now)
        redis.call('ZADD', KEYS[4], now + leaseMs, id)
        claimed[#claimed + 1] = redis.call('HGETALL', jobKey)
      end
    end
  end
end
return {requeued, dead, claimed}
`;
