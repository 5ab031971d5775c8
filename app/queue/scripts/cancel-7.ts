import { LIB } from "./lib.js";

/**
 * Cancels a job that has not finished. An active job loses its lease: its worker's next call fails
 * with ERR_LEASE_LOST and it stops.
 * KEYS[1..3] pending lists high, normal, low · KEYS[4] delayed · KEYS[5] processing
 * KEYS[6] cancelled index · KEYS[7] job hash
 * ARGV[1] id · ARGV[2] now ms · ARGV[3] TTL ms · ARGV[4] idempotency key stem
 * Returns HGETALL of the job, or ERR_NOT_FOUND / -3 (already finished).
 */
export const cancelScript = `${LIB}
local pending = {high = KEYS[1], normal = KEYS[2], low = KEYS[3]}
local job = redis.call('HMGET', KEYS[7], 'status', 'priority')
if not job[1] then return ERR_NOT_FOUND end
if job[1] ~= 'pending' and job[1] ~= 'delayed' and job[1] ~= 'active' then return -3 end
local id, now, ttlMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('LREM', pending[job[2]] or pending['normal'], 0, id)
redis.call('ZREM', KEYS[4], id)
redis.call('ZREM', KEYS[5], id)
redis.call('HSET', KEYS[7], 'status', 'cancelled', 'updatedAt', now, 'finishedAt', now)
redis.call('HDEL', KEYS[7], 'leaseUntil', 'runAt')
redis.call('ZADD', KEYS[6], now, id)
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now - ttlMs)
expire_record(KEYS[7], ARGV[4], ttlMs)
return redis.call('HGETALL', KEYS[7])
`;
