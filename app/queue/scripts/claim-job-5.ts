/**
 * Claims one named job if it is still pending (a push delivery for a job the cron has not taken).
 * KEYS[1..3] pending lists high, normal, low · KEYS[4] processing · KEYS[5] job hash
 * ARGV[1] id · ARGV[2] now ms · ARGV[3] lease ms
 * Returns HGETALL of the claimed job, or 0 when it is not pending (taken, finished, or unknown).
 */
export const claimJobScript = `
local pending = {high = KEYS[1], normal = KEYS[2], low = KEYS[3]}
local job = redis.call('HMGET', KEYS[5], 'status', 'priority')
if job[1] ~= 'pending' then return 0 end
local id, now, leaseMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('LREM', pending[job[2]] or pending['normal'], 1, id)
redis.call('HINCRBY', KEYS[5], 'runs', 1)
redis.call('HSET', KEYS[5], 'status', 'active', 'leaseUntil', now + leaseMs, 'updatedAt', now)
redis.call('HSETNX', KEYS[5], 'startedAt', now)
redis.call('ZADD', KEYS[4], now + leaseMs, id)
return redis.call('HGETALL', KEYS[5])
`;
