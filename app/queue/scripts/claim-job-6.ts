/**
 * Claims one named job if it is pending, or delayed and due (a push delivery: on enqueue, or when a
 * poll or retry falls due). A job the cron took first, or a delayed job not yet due, is left alone.
 * KEYS[1..3] pending lists high, normal, low · KEYS[4] processing · KEYS[5] job hash · KEYS[6] delayed
 * ARGV[1] id · ARGV[2] now ms · ARGV[3] lease ms
 * Returns HGETALL of the claimed job, or 0 when it is not claimable (taken, finished, not due, unknown).
 */
export const claimJobScript = `
local pending = {high = KEYS[1], normal = KEYS[2], low = KEYS[3]}
local job = redis.call('HMGET', KEYS[5], 'status', 'priority', 'runAt')
local id, now, leaseMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if job[1] == 'pending' then
  redis.call('LREM', pending[job[2]] or pending['normal'], 1, id)
elseif job[1] == 'delayed' and tonumber(job[3]) <= now then
  redis.call('ZREM', KEYS[6], id)
  redis.call('HDEL', KEYS[5], 'runAt')
else
  return 0
end
redis.call('HINCRBY', KEYS[5], 'runs', 1)
redis.call('HSET', KEYS[5], 'status', 'active', 'leaseUntil', now + leaseMs, 'updatedAt', now)
redis.call('HSETNX', KEYS[5], 'startedAt', now)
redis.call('ZADD', KEYS[4], now + leaseMs, id)
return redis.call('HGETALL', KEYS[5])
`;
